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
# German phrases of reading on: "weiterlesen", "um weiterzulesen", "den ganzen Artikel".
_READ_ON_DE = (
    r"\b(?:weiter ?(?:zu ?)?lesen|(?:ganzen|vollständigen|kompletten) (?:Artikel|Beitrag|Text))"
)
# What such a prompt says, in the languages the parser reads: that the rest is for
# subscribers, or that subscribing lets one read on. A newsletter box ("Subscribe to our
# newsletter"), a donation plea or a house ad's "unlimited access" says neither; "Already a
# subscriber/member?" counts only beside a phrase of reading on, since newsletter and
# membership boxes ask it too ("Already a subscriber? Manage your preferences."), and so
# does German "Bereits Abonnent?", before or after it ("Jetzt abonnieren und weiterlesen.
# Bereits Abonnent? Anmelden"): alone it is a login link, on free pages too.
PAYWALL_PROMPT = re.compile(
    r"\b(?:subscribe|sign in|log in|register|sign up)\b[^.!?]{0,40}\bto (?:keep|continue) "
    r"reading|\bto (?:keep|continue) reading\b[^.!?]{0,40}\b(?:subscri\w+|sign in|log in)|"
    r"\bsubscribers?[- ]only\b|\bfor subscribers\b|"
    r"\balready (?:a )?(?:subscriber|member)\b.{0,80}?\b(?:to (?:keep|continue) reading|"
    r"read (?:the rest|on)\b)|"
    r"\bto read (?:the|this) (?:full|whole|rest|entire) |"
    r"\bunlock (?:this|the full) (?:article|story)|"
    r"für Abonnent(?:en|innen)\b|\bmit (?:\w+ ){1,2}weiterlesen\b|"
    rf"\bbereits Abonnent.{{0,80}}?{_READ_ON_DE}|{_READ_ON_DE}.{{0,80}}?\bbereits Abonnent|"
    r"\bréservée? aux abonnés|\bdéjà abonné|\bpour lire la suite\b|"
    r"\bexclusiv[oa] para (?:suscriptores|assinantes)|\bya (?:soy|eres) suscriptor|"
    r"\bpara (?:seguir|continuar) (?:leyendo|lendo)|\bjá é assinante|"
    r"\briservat[oa] agli abbonati|\bgià abbonato|\bper continuare a leggere|"
    r"\balleen voor abonnees|\bal abonnee\b|\blees verder met\b",
    re.IGNORECASE,
)
# A prompt is a box, not a text: a block after the article's text holding more than this
# is the text's own (or another story's).
PAYWALL_BOX_MAX_CHARS = 600
