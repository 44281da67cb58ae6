"""Pages that are not articles: soft-404 and consent titles, listing types, and the
thresholds of teaser lists and prose. Read by ``page_kind.py``; ``SENTENCE_END`` by the
body's line filters too.
"""

from __future__ import annotations

import re

# A title part or h1 that is, whole, one of these says the page is an error page served
# with status 200 (a "soft 404"). Whole only: "Page not found: the web's lost links" is
# a headline. An "oops"/"sorry"/"error"/"404" may stand before or after the phrase.
_SOFT_404_PHRASES = (
    # English
    r"(?:the )?page (?:was |could not be |couldn'?t be |cannot be |can'?t be )?not found",
    r"(?:this |the )?page (?:cannot|can'?t|could not|couldn'?t) be found",
    r"(?:this |the )?page (?:does not|doesn'?t|no longer) exists?",
    r"we (?:can'?t|cannot|couldn'?t|could not) find (?:that|this|the) page",
    r"(?:the )?page you (?:are|were|'re) looking for "
    r"(?:can'?t|cannot|could not|couldn'?t) be found",
    r"(?:file |content |article |page )?not found",
    r"nothing (?:was )?found",
    r"error 404|404 error|404",
    # German, Dutch, Scandinavian
    r"(?:die )?seite (?:wurde )?nicht gefunden",
    r"(?:diese |die )?seite existiert (?:leider )?nicht(?: mehr)?",
    r"fehler 404|fehlerseite",
    r"pagina niet gevonden|deze pagina bestaat niet",
    r"sidan (?:kunde inte hittas|hittades inte|finns inte)",
    r"siden (?:blev ikke fundet|ble ikke funnet|finnes ikke|findes ikke)",
    # French, Spanish, Portuguese, Italian
    r"page (?:non trouvée|introuvable)|cette page n'existe pas|erreur 404",
    r"página no encontrada|no se (?:ha )?encontr(?:ó|ado) la página|la página no existe",
    r"página não encontrada|erro 404",
    r"pagina non trovata|la pagina non esiste|errore 404",
    # Polish, Czech, Finnish, Hungarian, Turkish, Russian
    r"(?:nie znaleziono strony|strona nie (?:istnieje|została znaleziona))",
    r"stránka nenalezena|stránka nebyla nalezena",
    r"sivua ei löytynyt",
    r"az oldal nem található",
    r"sayfa bulunamadı",
    r"страница не найдена|ошибка 404",
    # Japanese, Chinese
    r"(?:お探しの)?ページ[がは]見つかりません(?:でした)?",
    r"页面不存在|页面未找到|找不到(?:该|此)?页面|頁面不存在|找不到(?:該|此)?頁面",
)
SOFT_404 = re.compile(
    rf"(?:(?:oops|whoops|sorry|error|404)[\s,.!:–-]*)*"
    rf"(?:{'|'.join(_SOFT_404_PHRASES)})"
    rf"(?:[\s,.!:–-]*(?:404|error))?[\s.!…]*",
    re.IGNORECASE,
)
# A title part or h1 that is, whole, one of these: a consent or privacy interstitial
# served in place of the page (the article is behind it).
CONSENT_TITLE = re.compile(
    r"(?:before you continue(?: to [\w .-]{1,30})?|we value your privacy|"
    r"your privacy (?:choices|settings|matters)|cookie (?:consent|settings|preferences)|"
    r"privacy (?:settings|preferences|consent)|consent (?:required|preferences)|"
    r"datenschutz(?:einstellungen|-einstellungen| und cookies)|zustimmung erforderlich|"
    r"avant de continuer|gestion des cookies|antes de continuar|prima di continuare|"
    r"voordat je verdergaat)[\s.!…]*",
    re.IGNORECASE,
)
# A page's own heading (its h1s; without one, its title or the title less the site's
# name) that is, whole, one of these: the site's own pages, which a sitemap lists beside
# its articles and a long-slug link can reach ("/about-the-valley-gazette/"): about and
# contact pages, the legal notices. Names of a page, never a headline alone.
_SITE_PAGE_PHRASES = (
    r"about|about us|who we are|contact|contact us|get in touch|privacy|privacy policy|"
    r"privacy notice|privacy statement|cookie policy|cookies policy|cookie notice|terms|"
    r"terms of use|terms of service|terms and conditions|terms & conditions|legal notice|"
    r"imprint|accessibility|accessibility statement|advertise|advertise with us|careers|"
    r"work with us|(?:our |editorial )?standards|editorial guidelines|code of ethics|"
    r"ethics policy|corrections policy",
    # German, French, Spanish, Italian, Portuguese, Dutch
    r"impressum|kontakt|über uns|datenschutz|datenschutzerklärung|datenschutzhinweise|agb|"
    r"nutzungsbedingungen|barrierefreiheit|mediadaten|karriere",
    r"à propos|qui sommes-nous|contactez-nous|mentions légales|politique de confidentialité|"
    r"conditions générales d'utilisation|cgu",
    r"quiénes somos|sobre nosotros|contacto|contáctenos|aviso legal|política de privacidad|"
    r"política de cookies|términos y condiciones",
    r"chi siamo|contatti|note legali|informativa sulla privacy|termini e condizioni",
    r"quem somos|sobre nós|contato|fale conosco|política de privacidade|termos de uso",
    r"over ons|colofon|privacybeleid|privacyverklaring|cookiebeleid|algemene voorwaarden",
)
SITE_PAGE_TITLE = re.compile(rf"(?:{'|'.join(_SITE_PAGE_PHRASES)})[\s.!…]*", re.IGNORECASE)
# The JSON-LD types that declare one of those pages, with the name each has in a refusal.
SITE_PAGE_TYPES = {"aboutpage": "AboutPage", "contactpage": "ContactPage"}
# Separators between a title's parts ("404 - Page not found | Site").
TITLE_PARTS = re.compile(r"\s+[|–—:·»/-]\s+|\s*[|·»]\s*")
# The JSON-LD types (of any top-level or @graph object) that declare a page of links,
# with the kind each names in a refusal.
LISTING_TYPES = {
    "collectionpage": "CollectionPage",
    "searchresultspage": "SearchResultsPage",
    "profilepage": "ProfilePage",
}
# A list of teasers: at least this many headline links, each in its own block of at
# most TEASER_MAX_CHARS, and no prose paragraph outside them (PROSE_MIN_CHARS long or a
# sentence, at most PROSE_MAX_LINK_SHARE of it links). Of the 891 development pages (all articles)
# without article metadata, the one without any such paragraph holds no teaser; two
# tuning pages with a single one hold 3 and 48: one paragraph stores a page.
TEASERS_MIN = 3
TEASER_MAX_CHARS = 600
PROSE_MIN_CHARS = 80
PROSE_MAX_LINK_SHARE = 0.5
# A shorter paragraph is prose too when it is a sentence: at least this long, ending in
# a sentence's stop (an article of short paragraphs, a one-paragraph brief: 60-75
# characters a paragraph). A listing's "Stories tagged harbour." or an error page's
# "Sorry, we can't find that." is shorter.
SENTENCE_MIN_CHARS = 40
# The body's line filters read it too: a related label before a sentence's end heads a
# sentence, not a teaser (body.lines._related_label_line).
SENTENCE_END = re.compile(r"[.!?。！？…][\s\"'”’»」』)）]*$")
# Lengths of prose are counted in Latin characters: one Chinese or Japanese character
# carries about a word, as many as three Latin characters (a word and its space).
CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHAR_WEIGHT = 3
# A page that declares itself a listing is one unless it holds this much prose of its
# own outside its teasers (a category page with a text of its own).
DECLARED_PROSE_MIN = 2 * PROSE_MIN_CHARS
# An error or consent message is short: a page with this much prose of its own outside
# its teasers is an article, whatever its title ("Not Found", a film's name). So is a
# section's intro line or an author's bio above teasers whose summaries the body took
# (the QA's: 76-198 characters); a tuning page whose body is 27 teasers' summaries
# beside 664 characters of its own is stored.
MESSAGE_MAX_CHARS = 300
# An h1 this long (CJK weighted) that is no error or consent phrase is the page's own
# headline: the title cut down to one end's part ("Not Found - a review") is no
# reason then. "Oops!" or "Sorry" over an error message is shorter.
HEADLINE_MIN_CHARS = 20
