"""Closing notes and calls to action: contact lines, calls to a newsletter, an app or a
donation, wire credit notes, the outlet speaking to its reader, and reported or quoted
speech that is no call. Read by the body's line filters (``body/lines.py``).
"""

from __future__ import annotations

import re

# Author contact lines and moderation notes that close many articles.
CONTACT_LINE = re.compile(
    r"^have a (?:news )?tip\b|\bmay be reached at\b|\bcan be reached at\b|"
    # "Contact the author at x@y.org (or on X @handle)."; "Contact with the suspect at
    # x@y.org was lost …" goes on as a sentence
    r"^contact\b[^.]{0,60}?\bat\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:\s+or\s+[^.]{0,40})?\.?$|"
    # where the text ran in print: "A version of this article appears in print on …"
    r"^a version of this (?:article|story) appear(?:s|ed) in print\b|"
    # "Published in the print edition of May 4, 2024."; a clause after the date ("…
    # of the Times in 1963, the essay caused an outrage") makes it a sentence
    r"^(?:this article (?:was )?)?published in the print edition\b(?:[^,]*|[^,]*,\s*\d{4}\b.*)$|"
    r"^this article appeared in the .{1,60}? section of the print edition\b|"
    r"\bfollow (?:him|her|them|us) on (?:twitter|x|facebook|instagram)\b|"
    r"^(?:sign up|subscribe) (?:for|to) (?:our|the)\b.*newsletter|"
    r"\bcomentários\b.*\bmoderador|\bcomments? (?:are|is) (?:closed|moderated)\b",
    re.IGNORECASE,
)
# "Follow us" in the languages of the labels: a topic of a call to action (CTA_TOPIC)
# and an imperative to the reader (_CTA_IMPERATIVE).
_FOLLOW_US = (
    r"follow us|folgen sie uns|s[ií]guenos|suivez-nous|seguici|siga-nos|sigam-nos|volg ons|"
    r"obserwuj nas|подписывайтесь|следите за нами"
)
# A closing line about a newsletter, an app, social channels or donations is a call to
# action only when it speaks to the reader (READER_ADDRESS): "The video was widely
# shared on social media" and "Fans can sign up for tickets from Monday" end articles.
CTA_TOPIC = re.compile(
    r"\bnewsletter|\bsign up\b|\bsubscri(?:be|ption)\b|\babonnier|\babonnez\b|\bsuscr[ií]b|"
    r"\bnews-?app\b|\bapp\b|\bsocial media\b|\bwhatsapp\b|\btelegram\b|\bspende\b|"
    rf"\bdonat(?:e|ion)\b|(?:^|[.!?…]\s+)(?:{_FOLLOW_US})\b",
    re.IGNORECASE,
)
# Who else worked on the copy, in the note closing a wire story: "(Reporting by Jane Doe;
# Editing by John Roe)", "Additional reporting from PA", "mit dpa", "Mit Material von
# AFP", "Con información de EFE", "Com informações da Lusa", and the contribution note at
# a note's end: "The Associated Press contributed to this report.", "Reuters contributed
# reporting.", "Information from The Associated Press was used in this report.", "Material
# from Reuters was used in this report." (the AP's members' and broadcasters' form). The
# truths of the development sets leave them out of the text; the agencies a note names
# are the copy's credits (``body.closing_note_credits``).
CREDIT_NOTE = re.compile(
    r"^[(\[]?(?:(?:additional |further )?reporting (?:by|from)|editing by|writing by|"
    r"compiled by|mit material (?:von|der|des)|mit dpa\b|con información de|"
    r"com informaç(?:ões|ão) d[aeo]s?\b|"
    r"avec (?:l['’])?afp\b)"
    r"|(?:\bcontributed (?:reporting\b|(?:reporting )?to (?:this|the) (?:report|story|article)\b)"
    r"|^[(\[]?(?:information|material) from\b.*\bw(?:as|ere) used in (?:this|the) "
    r"(?:report|story|article)\b)"
    r"[\s.)\]]*$",
    re.IGNORECASE,
)
# The words in lower case such a note holds beside names, places and agencies: a line
# with any other ("Reporting by the BBC revealed the scandal.") is a sentence.
CREDIT_NOTE_WORDS = frozenset(
    {"by", "from", "and", "with", "in", "on", "editing", "reporting", "writing", "additional"}
    | {"further", "compiled", "mit", "material", "von", "der", "des", "und", "con"}
    | {"información", "de", "y", "avec", "et", "the", "contributed", "to", "this", "report"}
    | {"story", "article", "writer", "writers", "reporter", "reporters", "correspondent"}
    | {"correspondents", "information", "was", "were", "used", "com", "informações"}
    | {"informação", "da", "do", "das", "dos"}
)
# A label naming a text's source, before the agency in a line closing it ("Bron: ANP",
# "Quelle: dpa", "Fuente: EFE", "Fonte: Lusa", "Source: AFP"). Dutch and German print the
# same label under a picture: among the text's lines it is furniture (body._label_line),
# and only closing the text does it credit the agency (body.filter_blocks).
_SOURCE_LABEL = r"(?:bron|quelle|fuente|fonte|source)\s*:\s*"
SOURCE_LABEL = re.compile(_SOURCE_LABEL, re.IGNORECASE)
# A wire's signature on a line of its own closing the text: the agency with its regional
# desk's or an editor's mark ("dpa/lno", "(dpa/lby)", "ino/dpa"), after "with" ("Com
# Lusa", "(com Lusa)", "Con EFE", "avec AFP", "mit dpa") or after a source's label ("Bron:
# ANP"). Group "line" is what the byline reader reads the credits from, "names" the
# agencies and marks between slashes (body._signature_credits holds each to them). No
# digit, comma or colon: "Stand: 7.12.2026, dpa" is a stamp.
CREDIT_SIGNATURE = re.compile(
    rf"[(\[]?\s*(?:{_SOURCE_LABEL})?"
    r"(?P<line>(?:(?:com|con|avec|mit)\s+)?(?P<names>[^\W\d_][^\d()\[\]:;,]*?))"
    r"\s*[)\]]?\s*\.?",
    re.IGNORECASE,
)
# A signature is short ("Agence France-Presse/lno"): a longer line is a sentence.
SIGNATURE_MAX_CHARS = 40
# The mark of an agency's regional desk or of its editor beside the agency ("lno", dpa's
# Lower Saxony service; "tmn", its consumer desk; "ino", an editor at ntv): two to four
# letters in lower case.
DESK_MARK = re.compile(r"[a-z]{2,4}")
# Holders an agency's copy is signed with on its clients' sites, and the agency they
# credit: "© dpa-infocom, dpa:261207-99-123456/2" (dpa's service company, the story's
# id after it) closes dpa's text with no "All rights reserved" after it (a bare "© dpa"
# is a picture's credit as often).
NOTICE_HOLDER_AGENCY = {"dpa-infocom": "dpa"}
# A closing note (a call to action, a wire's credit note) is short: a longer paragraph
# is the text's own.
CLOSING_NOTE_MAX = 300
# Whoever writes them, these close no article's text: donation pleas, comment notes.
CTA_PHRASE = re.compile(
    r"\bsupport (?:our|independent) journalism\b|"
    r"hat ihnen (?:dieser|der) artikel gefallen|\bhier entlang\b|"
    r"\bcomments? (?:are|is) (?:closed|moderated)|"
    r"kommentare (?:und pings )?sind (?:derzeit )?geschlossen",
    re.IGNORECASE,
)
# An imperative to the reader: "Sign up to …", "Join our WhatsApp channel", "Abonnez-vous
# …", "Folgen Sie uns …". A word joined by a hyphen is another word ("Follow-up",
# "Click-through").
_CTA_IMPERATIVE = (
    r"(?:sign up|subscribe|follow|download|donate|join|click|tap|get the latest|"
    rf"{_FOLLOW_US}|abonniere|folge|abonnieren sie|suscr[ií]bete|abonnez(?:-vous)?|"
    r"inscrivez(?:-vous)?|suivez|iscriviti|inscreva-se|assine|schrijf je in|volg|"
    r"zapisz się|obserwuj|подпишитесь)(?![\w-])"
)
# Between two paragraphs a call to action opens its paragraph with the imperative
# (body._call_to_action_box); after a colon or inside a sentence it is reported advice
# ("Her advice to parents: follow the guidance …").
CTA_OPENING = re.compile(rf"^{_CTA_IMPERATIVE}", re.IGNORECASE)
# The outlet speaking to its reader: second person, the outlet's "we/our". German's
# formal "Sie/Ihnen/Ihr" counts inside a sentence only (opening one, they are also
# "she/they/her"); its "du" beside a verb's "-st" ("Folgst du …?"): French "du" is "of
# the". A word joined by a hyphen is another word ("add-ons", "bolt-ons").
_READER_WORDS = (
    r"(?i:(?<![\w-])(?:you|your|yours|we|us|our|dich|dir|dein\w*|uns|unser\w*|euch|vous|"
    r"votre|vos|nous|notre|nos|usted(?:es)?|nuestr[oa]s?|você|nosso|nossa|te|tu|tus|"
    # Italian, Dutch, Polish, Russian: "our/your" of the outlet and its reader
    # ("Cosa Nostra" is a name, French "onze" a number)
    r"(?-i:nostr[aoie]|vostr[aoie])|ons|jouw|nasz\w*|wasz\w*|наш\w*|ваш\w*)(?![\w-]))|"
    r"(?<=[\w,;] )(?:Sie|Ihnen|Ihre?[nmrs]?)\b|(?i:\b\w{2,}st du\b|\bdu \w{2,}st\b)"
)
READER_WORDS = re.compile(_READER_WORDS)
# At the text's end the reader words, or an imperative opening a sentence ("Follow us on
# …", "Download our app").
READER_ADDRESS = re.compile(_READER_WORDS + rf"|(?i:(?:^|[.!?…]\s+){_CTA_IMPERATIVE})")
# Reported speech: a source's advice or a scam's message quoted, not the outlet's call
# ("Download the app only from the official store, police advised", "Síguenos en
# Telegram, pedía el mensaje de los estafadores", "Secondo il ministro, la nostra app
# …", "Nasz kraj potrzebuje tej aplikacji, mówił minister").
REPORTED = re.compile(
    r"(?<![\w-])(?:said|says|told|warned|warns|advised|advises|urged|urges|wrote|writes|"
    r"according to|reported|announced|claimed|added|explained|demanded|"
    r"sagte|sagt|sagten|warnt|warnte|erklärte|erklärt|teilte|betonte|so der|laut|"
    r"berichtete|schrieb|"
    r"dijo|dice|afirmó|advirtió|según|informaron|informó|explicó|pedía|pidió|señaló|"
    r"aseguró|recuerda|"
    r"a déclaré|déclare|a dit|selon|estime|affirme|a affirmé|a indiqué|indique|lance|"
    r"explique|reconnaît|a averti|"
    r"ha detto|secondo|ha scritto|ha affermato|afferma|spiega|ha spiegato|ha dichiarato|"
    r"disse|diz|segundo|afirmou|alerta|alertou|informou|explicou|declarou|"
    r"zei|zegt|volgens|aldus|waarschuwt|waarschuwde|adviseert|schreef|meldde|"
    r"powiedział\w*|mówił\w*|według|twierdz\w*|przyznaje|ostrzega|poinformował\w*|"
    r"napisał\w*|zachęcał\w*|"
    r"сказал\w*|сообщил\w*|заявил\w*|говорил\w*|по словам|по данным|советует|"
    r"призывал\w*|пишет|предупреждает)(?![\w-])",
    re.IGNORECASE,
)
# Quoted speech inside a line: a source's "we" or "you" is not the outlet's.
# A quote left open runs to the paragraph's end (a quote continued in the next
# paragraph opens it again without closing the last).
QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|„[^“”]*(?:[“”]|$)|«[^»]*(?:»|$)')
