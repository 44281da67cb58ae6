"""A paywall's prompt: the box a paywalled page prints where its text breaks off for a
reader who does not subscribe (``metadata.declared.paywall_after_text``)."""

from __future__ import annotations

import re

from aggregator.parser.vocab.patterns import class_words

# The trade's names for that box, across CMSs and paywall vendors (Piano's offer, Google's
# example markup, regwalls of free sign-ups). Not Piano's bare name: it serves newsletter
# and membership templates too ("piano-newsletter-inline").
PAYWALL_CLASS = class_words(
    "paywall|pay-wall|regwall|reg-wall|piano-offer|subscriber-only|premium-wall"
)
# Phrases of reading on, in the languages whose "Already a subscriber?" the parser reads:
# German "weiterlesen", "um weiterzulesen", "den ganzen Artikel"; French "continuer à
# lire", "lire l'article en entier"; Spanish "sigue leyendo", "la noticia completa";
# Portuguese "continue lendo", "continuar a ler", "o artigo completo"; Italian "continua a
# leggere", "l'articolo completo"; Dutch "lees verder", "het hele artikel".
_READ_ON = {
    "de": r"\b(?:weiter ?(?:zu ?)?lesen|"
    r"(?:ganzen|vollständigen|kompletten) (?:Artikel|Beitrag|Text))",
    "fr": r"\b(?:lire la suite|(?:continue[rz]|poursuiv(?:re|ez)) (?:à lire|(?:la|votre) lecture)|"
    r"lire (?:l['’]|cet )article (?:en entier|complet)|l['’]intégralité de)",
    "es": r"\b(?:(?:seguir|sigue|continuar|continúa) leyendo|"
    r"(?:el|este) artículo completo|(?:la|esta) noticia completa)",
    "pt": r"\b(?:(?:continuar|continue|seguir|siga) (?:a ler|lendo)|"
    r"(?:o|este) (?:artigo|texto) completo|(?:a|esta) (?:matéria|notícia|reportagem) completa)",
    "it": r"\b(?:continua(?:re)? a leggere|(?:l['’]|quest['’])articolo (?:completo|integrale))",
    "nl": r"\b(?:lees verder|verder (?:te )?lezen|(?:het|dit) (?:hele|volledige) artikel)",
}
# "Already a subscriber?" in those languages: a login link, on free pages too.
_ALREADY_SUBSCRIBED = {
    "de": r"\bbereits Abonnent",
    "fr": r"\bdéjà abonné",
    "es": r"\bya (?:soy|eres) suscriptor",
    "pt": r"\bjá (?:é|és|sou) assinante",
    "it": r"\bgià abbonat[oa]",
    "nl": r"\bal abonnee\b",
}
# The question beside a phrase of reading on in its language, before or after it.
_ALREADY_AND_READ_ON = "|".join(
    rf"{already}.{{0,80}}?{_READ_ON[lang]}|{_READ_ON[lang]}.{{0,80}}?{already}"
    for lang, already in _ALREADY_SUBSCRIBED.items()
)
# What such a prompt says, in the languages the parser reads: that the rest is for
# subscribers, or that subscribing lets one read on. A newsletter box ("Subscribe to our
# newsletter"), a donation plea or a house ad's "unlimited access" says neither; "Already a
# subscriber/member?" counts only beside a phrase of reading on, since newsletter and
# membership boxes ask it too ("Already a subscriber? Manage your preferences."), and so
# does the question in the other languages, before or after it ("Jetzt abonnieren und
# weiterlesen. Bereits Abonnent? Anmelden", "Abonnez-vous pour continuer à lire. Déjà
# abonné ? Se connecter"): alone it is a login link, on free pages too ("Déjà abonné ?
# Connectez-vous", "¿Ya eres suscriptor? Inicia sesión"; all since stop 48, German first).
PAYWALL_PROMPT = re.compile(
    r"\b(?:subscribe|sign in|log in|register|sign up)\b[^.!?]{0,40}\bto (?:keep|continue) "
    r"reading|\bto (?:keep|continue) reading\b[^.!?]{0,40}\b(?:subscri\w+|sign in|log in)|"
    r"\bsubscribers?[- ]only\b|\bfor subscribers\b|"
    r"\balready (?:a )?(?:subscriber|member)\b.{0,80}?\b(?:to (?:keep|continue) reading|"
    r"read (?:the rest|on)\b)|"
    r"\bto read (?:the|this) (?:full|whole|rest|entire) |"
    r"\bunlock (?:this|the full) (?:article|story)|"
    rf"für Abonnent(?:en|innen)\b|\bmit (?:\w+ ){{1,2}}weiterlesen\b|{_ALREADY_AND_READ_ON}|"
    r"\bréservée? aux abonnés|\bpour lire la suite\b|"
    r"\bexclusiv[oa] para (?:suscriptores|assinantes)|"
    r"\bpara (?:seguir|continuar) (?:leyendo|lendo)|"
    r"\briservat[oa] agli abbonati|\bper continuare a leggere|"
    r"\balleen voor abonnees|\blees verder met\b",
    re.IGNORECASE,
)
# A prompt is a box, not a text: a block after the article's text holding more than this
# is the text's own (or another story's).
PAYWALL_BOX_MAX_CHARS = 600
