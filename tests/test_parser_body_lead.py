"""The body's opening on template shapes no development page has: hand-made pages of
common templates (tests/fixtures/body_lead/, see its README), each with its truth: the
standfirst printed (None: no dek printed), the body's first, second and last paragraphs,
and text of the page's furniture the body must not hold.

Scored as the review that wrote the pages scored them: with no printed dek, the page's
meta description standing in as the standfirst is right and a body paragraph is not; the
headline printed again atop the text does not count against the body's start.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from aggregator import extract
from aggregator.parser.byline import split_byline

PAGES = Path(__file__).parent / "fixtures" / "body_lead"
# Furniture every page's template prints (ads, share bars, cookie banners, footers).
EVERY_PAGE = ("Advertisement", "All rights reserved", "Share on", "We use cookies",
              "Storm warning issued", "Privacy policy")  # fmt: skip


class Truth(NamedTuple):
    url: str
    standfirst: str | None
    first: str
    second: str
    last: str
    furniture: tuple[str, ...]
    keep: tuple[str, ...] = ()  # text the body must hold (a subheading, a short line)


# Pages the parser read right before this round's fixes, and the review's controls (a
# dek that is truly separate, a teaser or key-points box before the text): they must
# stay right.
HELD = {
    "wp_gutenberg_plain": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-gutenberg-plain",
        standfirst=None,
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=("The Harlow Street bridge at dusk.",),
    ),
    "wp_dropcap": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-dropcap",
        standfirst=None,
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=(),
    ),
    "wp_strong_lead": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-strong-lead",
        standfirst=None,
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=(),
    ),
    "wp_newsletter_after_p1": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-newsletter-after-p1",
        standfirst="Water companies say hosepipe bans are likely by June unless the spring is unusually wet.",
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=(
            "Sign up for our morning newsletter and get the day's top stories in your inbox.",
        ),
    ),
    "wp_readmore_after_p1": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-readmore-after-p1",
        standfirst="The company now expects production to start in 2030, four years later than first promised.",
        first="The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=("Corvel pushes back Ohio plant opening to 2028",),
    ),
    "wp_ad_after_p1": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-ad-after-p1",
        standfirst="For fifty years the door stayed locked. Now the public can see the brushes, letters and unfinished canvases inside.",
        first="When the painter Margarethe Lind locked the door of her studio on the top floor of a tenement in Leith in the spring of 1971, she told her neighbours she would be back in a fortnight.",
        second="She never returned. Lind died in a hospital in Glasgow that summer, and for reasons nobody has been able to explain, her landlord left the room exactly as it was for the next half century.",
        last="Visits are limited to groups of six and must be booked in advance, and the trust that owns the building says the studio will close again each winter to protect the paper and canvas from damp.",
        furniture=("Advertisement",),
    ),
    "arc_ap_dateline": Truth(
        url="https://www.thecourier.example/2026/12/01/arc-ap-dateline",
        standfirst=None,
        first="COLUMBUS, Ohio (AP) — The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=(),
    ),
    "strong_dateline": Truth(
        url="https://www.thecourier.example/2026/12/01/strong-dateline",
        standfirst=None,
        first="SPRINGFIELD — The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=(),
    ),
    "span_dateline": Truth(
        url="https://www.thecourier.example/2026/12/01/span-dateline",
        standfirst=None,
        first="EXETER, England — Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=(),
    ),
    "wire_one_sentence": Truth(
        url="https://www.thecourier.example/2026/12/01/wire-one-sentence",
        standfirst=None,
        first="SANTIAGO, Chile (Reuters) - A magnitude 6.4 earthquake struck off the coast of northern Chile on Wednesday, the United States Geological Survey said.",
        second="There were no immediate reports of damage or casualties.",
        last="Chile is one of the most seismically active countries in the world.",
        furniture=("Reporting by Natalia Ramos",),
    ),
    "wire_short_lead_nodateline": Truth(
        url="https://www.thecourier.example/2026/12/01/wire-short-lead-nodateline",
        standfirst=None,
        first="A magnitude 6.4 earthquake struck off the coast of northern Chile on Wednesday, the United States Geological Survey said.",
        second="There were no immediate reports of damage or casualties.",
        last="Chile is one of the most seismically active countries in the world.",
        furniture=(),
    ),
    "byline_inside_body_top": Truth(
        url="https://www.thecourier.example/2026/12/01/byline-inside-body-top",
        standfirst="The company now expects production to start in 2030, four years later than first promised.",
        first="The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=("By Jane Holloway",),
    ),
    "brightspot_plain": Truth(
        url="https://www.thecourier.example/2026/12/01/brightspot-plain",
        standfirst="The vote ends a decade of delay, but residents face two years of detours while the new span is built.",
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=(),
    ),
    "list_second": Truth(
        url="https://www.diariosur.example/2026/12/01/list-second",
        standfirst=None,
        first="El Consejo de Ministros ha aprobado este martes un plan para construir 50.000 viviendas de alquiler asequible en los próximos cinco años, con una inversión pública estimada en 6.000 millones de euros.",
        second="Las viviendas se levantarán sobre suelo público cedido por el Estado, las comunidades autónomas y los ayuntamientos, y se destinarán a familias con ingresos inferiores a cuatro veces el salario mínimo.",
        last="El primer concurso para adjudicar la construcción de las viviendas se convocará antes del verano.",
        furniture=(),
    ),
    "quote_second": Truth(
        url="https://www.thelongread.example/2026/12/01/quote-second",
        standfirst="For fifty years the door stayed locked. Now the public can see the brushes, letters and unfinished canvases inside.",
        first="When the painter Margarethe Lind locked the door of her studio on the top floor of a tenement in Leith in the spring of 1971, she told her neighbours she would be back in a fortnight.",
        second="She never returned. Lind died in a hospital in Glasgow that summer, and for reasons nobody has been able to explain, her landlord left the room exactly as it was for the next half century.",
        last="Visits are limited to groups of six and must be booked in advance, and the trust that owns the building says the studio will close again each winter to protect the paper and canvas from damp.",
        furniture=(),
    ),
    "ghost_plain": Truth(
        url="https://www.thelongread.example/2026/12/01/ghost-plain",
        standfirst="Water companies say hosepipe bans are likely by June unless the spring is unusually wet.",
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=("A dry reservoir bed",),
    ),
    "substack": Truth(
        url="https://www.chipletter.example/2026/12/01/substack",
        standfirst="The company now expects production to start in 2030, four years later than first promised.",
        first="The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=("Subscribe for free",),
    ),
    "amp_page": Truth(
        url="https://www.thecourier.example/2026/12/01/amp-page",
        standfirst="Water companies say hosepipe bans are likely by June unless the spring is unusually wet.",
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=(),
    ),
    "drupal_field_body": Truth(
        url="https://www.hetrivierenblad.example/2026/12/01/drupal-field-body",
        standfirst="Het project kost 380 miljoen euro en moet in 2031 klaar zijn.",
        first="Het waterschap Rivierenland begint volgend jaar met het versterken van ruim dertig kilometer dijk langs de Waal, nadat de rivier afgelopen winter de hoogste stand in bijna dertig jaar bereikte.",
        second="Uit metingen tijdens het hoogwater bleek dat op verschillende plaatsen water onder de dijk door sijpelde, een verschijnsel dat bekendstaat als piping en dat een dijk op termijn kan ondermijnen.",
        last="De werkzaamheden moeten in 2031 klaar zijn.",
        furniture=(),
    ),
    "arc_default_article": Truth(
        url="https://www.thecourier.example/2026/12/01/arc-default-article",
        standfirst="The vote ends a decade of delay, but residents face two years of detours while the new span is built.",
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=("Inspectors found cracks",),
    ),
    "sections_split": Truth(
        url="https://www.nachrichtenheute.example/2026/12/01/sections-split",
        standfirst="Eine neue Auswertung zeigt: Vor allem kleine Wohnungen werden teurer.",
        first="Die Angebotsmieten in den 14 größten deutschen Städten sind im vergangenen Jahr im Schnitt um 7,8 Prozent gestiegen und damit so stark wie seit mehr als einem Jahrzehnt nicht mehr.",
        second="Das geht aus einer Auswertung des Instituts für Wohnungsmarktforschung hervor, die am Mittwoch in Köln vorgestellt wurde. Grundlage sind rund 1,2 Millionen Inserate auf den großen Immobilienportalen.",
        last="Die Eigentümerverbände wiesen die Forderung zurück und verlangten stattdessen schnellere Genehmigungsverfahren und niedrigere Baukosten.",
        furniture=(),
    ),
    "p1_equals_description": Truth(
        url="https://www.thecourier.example/2026/12/01/p1-equals-description",
        standfirst=None,
        first="The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=(),
    ),
    "fr_chapo_control": Truth(
        url="https://www.lequotidien.example/2026/12/01/fr-chapo-control",
        standfirst="Le gel de printemps et la sécheresse de l'été ont réduit les rendements d'un quart.",
        first="Les vendanges ont commencé avec près de deux semaines d'avance cette année en Bourgogne, où les viticulteurs s'attendent à une récolte inférieure d'environ un quart à la moyenne des cinq dernières années.",
        second="Le gel tardif du mois d'avril, qui a touché en particulier les parcelles de chardonnay de la côte de Beaune, puis la chaleur persistante de juillet et d'août ont fortement réduit les rendements.",
        last="Le bureau interprofessionnel publiera ses estimations définitives à la fin du mois de novembre.",
        furniture=(),
    ),
    "dek_equals_description_control": Truth(
        url="https://www.ilgiornaledelnord.example/2026/12/01/dek-equals-description-control",
        standfirst="Il piano prevede nuovi binari e il rinnovo della segnaletica lungo tutta la linea.",
        first="Dal 2027 i treni ad alta velocità tra Milano e Roma impiegheranno meno di tre ore, grazie a un piano di investimenti da 4,5 miliardi di euro presentato lunedì dal gestore della rete ferroviaria.",
        second="Il progetto prevede il rinnovo del sistema di segnalamento lungo tutta la linea e la costruzione di nuovi binari nei nodi di Firenze e Bologna, dove oggi si concentrano la maggior parte dei ritardi.",
        last="I primi cantieri apriranno a Bologna nella prossima primavera.",
        furniture=(),
    ),
    "dek_in_body_container_control": Truth(
        url="https://www.diariosur.example/2026/12/01/dek-in-body-container-control",
        standfirst="Los bomberos creen que el fuego quedará estabilizado en las próximas horas si el viento amaina.",
        first="Un incendio forestal declarado el domingo por la tarde en la vertiente sur de la sierra de Gredos ha obligado a desalojar a unos 2.000 vecinos de tres municipios de la provincia de Ávila.",
        second="Las llamas, avivadas por rachas de viento de más de 50 kilómetros por hora, han recorrido ya unas 3.400 hectáreas de pinar y matorral, según el último balance facilitado por la Junta de Castilla y León.",
        last="La Junta ha pedido a la población que evite desplazarse a la zona mientras continúen los trabajos de extinción.",
        furniture=(),
    ),
    "summary_p_is_dek": Truth(
        url="https://www.diariosur.example/2026/12/01/summary-p-is-dek",
        standfirst="Las comunidades autónomas tendrán que ceder suelo público para que el programa salga adelante.",
        first="El Consejo de Ministros ha aprobado este martes un plan para construir 50.000 viviendas de alquiler asequible en los próximos cinco años, con una inversión pública estimada en 6.000 millones de euros.",
        second="Las viviendas se levantarán sobre suelo público cedido por el Estado, las comunidades autónomas y los ayuntamientos, y se destinarán a familias con ingresos inferiores a cuatro veces el salario mínimo.",
        last="El primer concurso para adjudicar la construcción de las viviendas se convocará antes del verano.",
        furniture=(),
    ),
    "key_points_control": Truth(
        url="https://www.thecourier.example/2026/12/01/key-points-control",
        standfirst="The vote ends a decade of delay, but residents face two years of detours while the new span is built.",
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=("Council votes 9-4",),
    ),
    "teaser_box_control": Truth(
        url="https://www.thecourier.example/2026/12/01/teaser-box-control",
        standfirst="Water companies say hosepipe bans are likely by June unless the spring is unusually wet.",
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=("paddling pools",),
    ),
    "listen_bar_control": Truth(
        url="https://www.thecourier.example/2026/12/01/listen-bar-control",
        standfirst="The company now expects production to start in 2030, four years later than first promised.",
        first="The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=("4 min read", "Listen to this article"),
    ),
    "nl_plain_control": Truth(
        url="https://www.hetrivierenblad.example/2026/12/01/nl-plain-control",
        standfirst="Het project kost 380 miljoen euro en moet in 2031 klaar zijn.",
        first="Het waterschap Rivierenland begint volgend jaar met het versterken van ruim dertig kilometer dijk langs de Waal, nadat de rivier afgelopen winter de hoogste stand in bijna dertig jaar bereikte.",
        second="Uit metingen tijdens het hoogwater bleek dat op verschillende plaatsen water onder de dijk door sijpelde, een verschijnsel dat bekendstaat als piping en dat een dijk op termijn kan ondermijnen.",
        last="De werkzaamheden moeten in 2031 klaar zijn.",
        furniture=("De Waal bij Nijmegen",),
    ),
    "short_p1_exclusive": Truth(
        url="https://www.thecourier.example/2026/12/01/short-p1-exclusive",
        standfirst=None,
        first="There were no immediate reports of damage or casualties.",
        second="The quake hit at a depth of 35 kilometres about 80 kilometres west of the port city of Iquique.",
        last="Chile is one of the most seismically active countries in the world.",
        furniture=(),
    ),
    "es_europapress_dateline": Truth(
        url="https://www.diariosur.example/2026/12/01/es-europapress-dateline",
        standfirst="Las comunidades autónomas tendrán que ceder suelo público para que el programa salga adelante.",
        first="MADRID, 1 Dic. (EUROPA PRESS) - El Consejo de Ministros ha aprobado este martes un plan para construir 50.000 viviendas de alquiler asequible en los próximos cinco años, con una inversión pública estimada en 6.000 millones de euros.",
        second="Las viviendas se levantarán sobre suelo público cedido por el Estado, las comunidades autónomas y los ayuntamientos, y se destinarán a familias con ingresos inferiores a cuatro veces el salario mínimo.",
        last="El primer concurso para adjudicar la construcción de las viviendas se convocará antes del verano.",
        furniture=(),
    ),
    "de_update_note_top": Truth(
        url="https://www.nachrichtenheute.example/2026/12/01/de-update-note-top",
        standfirst=None,
        first="Die Deutsche Bahn wird im kommenden Frühjahr Hunderte Fernverkehrsverbindungen streichen oder umleiten, weil gleich mehrere große Strecken gleichzeitig saniert werden.",
        second="Besonders betroffen ist die Verbindung zwischen Hamburg und Berlin, die von Anfang März bis Ende Juni vollständig gesperrt wird. Die Züge sollen in dieser Zeit über Uelzen und Stendal fahren, was die Reisezeit um bis zu 45 Minuten verlängert.",
        last="Die genauen Fahrpläne für den Umleitungsverkehr sollen bis Ende Januar in den Auskunftssystemen hinterlegt sein.",
        furniture=("Lesezeit",),
    ),
    "de_byline_line_after_p1": Truth(
        url="https://www.nachrichtenheute.example/2026/12/01/de-byline-line-after-p1",
        standfirst=None,
        first="Die Angebotsmieten in den 14 größten deutschen Städten sind im vergangenen Jahr im Schnitt um 7,8 Prozent gestiegen und damit so stark wie seit mehr als einem Jahrzehnt nicht mehr.",
        second="Das geht aus einer Auswertung des Instituts für Wohnungsmarktforschung hervor, die am Mittwoch in Köln vorgestellt wurde. Grundlage sind rund 1,2 Millionen Inserate auf den großen Immobilienportalen.",
        last="Die Eigentümerverbände wiesen die Forderung zurück und verlangten stattdessen schnellere Genehmigungsverfahren und niedrigere Baukosten.",
        furniture=("Katrin Weber",),
    ),
    "dek_differs_from_description_control": Truth(
        url="https://www.thecourier.example/2026/12/01/dek-differs-from-description-control",
        standfirst="For fifty years the door stayed locked. Now the public can see the brushes, letters and unfinished canvases inside.",
        first="When the painter Margarethe Lind locked the door of her studio on the top floor of a tenement in Leith in the spring of 1971, she told her neighbours she would be back in a fortnight.",
        second="She never returned. Lind died in a hospital in Glasgow that summer, and for reasons nobody has been able to explain, her landlord left the room exactly as it was for the next half century.",
        last="Visits are limited to groups of six and must be booked in advance, and the trust that owns the building says the studio will close again each winter to protect the paper and canvas from damp.",
        furniture=("Inside the studio.",),
    ),
    "dek_in_body_differs_control": Truth(
        url="https://www.nachrichtenheute.example/2026/12/01/dek-in-body-differs-control",
        standfirst="Pendler zwischen Hamburg und Berlin müssen sich auf monatelange Umwege einstellen.",
        first="Die Deutsche Bahn wird im kommenden Frühjahr Hunderte Fernverkehrsverbindungen streichen oder umleiten, weil gleich mehrere große Strecken gleichzeitig saniert werden.",
        second="Besonders betroffen ist die Verbindung zwischen Hamburg und Berlin, die von Anfang März bis Ende Juni vollständig gesperrt wird. Die Züge sollen in dieser Zeit über Uelzen und Stendal fahren, was die Reisezeit um bis zu 45 Minuten verlängert.",
        last="Die genauen Fahrpläne für den Umleitungsverkehr sollen bis Ende Januar in den Auskunftssystemen hinterlegt sein.",
        furniture=(),
    ),
    "nl_byline_door_in_body": Truth(
        url="https://www.hetrivierenblad.example/2026/12/01/nl-byline-door-in-body",
        standfirst="Het project kost 380 miljoen euro en moet in 2031 klaar zijn.",
        first="Het waterschap Rivierenland begint volgend jaar met het versterken van ruim dertig kilometer dijk langs de Waal, nadat de rivier afgelopen winter de hoogste stand in bijna dertig jaar bereikte.",
        second="Uit metingen tijdens het hoogwater bleek dat op verschillende plaatsen water onder de dijk door sijpelde, een verschijnsel dat bekendstaat als piping en dat een dijk op termijn kan ondermijnen.",
        last="De werkzaamheden moeten in 2031 klaar zijn.",
        furniture=("Sanne de Vries",),
    ),
    "two_para_dek_control": Truth(
        url="https://www.thecourier.example/2026/12/01/two-para-dek-control",
        standfirst="The vote ends a decade of delay over whether the 1962 span could be saved or had to come down. Residents and traders face two years of detours while the new bridge is built, the council says.",
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=(
            "The vote ends a decade of delay over whether the 1962 span could be saved or had to come down.",
            "Residents and traders face two years of detours while the new bridge is built, the council says.",
        ),
    ),
}

# A lead-classed first paragraph or box of the text is not the dek: it holds two
# paragraphs, or it is long and stands among the text's paragraphs
# (metadata/dek._text_opening).
LEAD_BOX = {
    "wp_lead_class": Truth(
        url="https://www.thecourier.example/2026/12/01/wp-lead-class",
        standfirst=None,
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=(),
    ),
    "lead_div_no_p": Truth(
        url="https://www.nachrichtenheute.example/2026/12/01/lead-div-no-p",
        standfirst=None,
        first="Die Angebotsmieten in den 14 größten deutschen Städten sind im vergangenen Jahr im Schnitt um 7,8 Prozent gestiegen und damit so stark wie seit mehr als einem Jahrzehnt nicht mehr.",
        second="Das geht aus einer Auswertung des Instituts für Wohnungsmarktforschung hervor, die am Mittwoch in Köln vorgestellt wurde. Grundlage sind rund 1,2 Millionen Inserate auf den großen Immobilienportalen.",
        last="Die Eigentümerverbände wiesen die Forderung zurück und verlangten stattdessen schnellere Genehmigungsverfahren und niedrigere Baukosten.",
        furniture=(),
    ),
    "byline_between_p1_p2": Truth(
        url="https://www.thecourier.example/2026/12/01/byline-between-p1-p2",
        standfirst=None,
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=("Environment Correspondent",),
    ),
    "liveblog": Truth(
        url="https://www.lequotidien.example/2026/12/01/liveblog",
        standfirst=None,
        first="Le trafic sera très perturbé jeudi dans les transports en commun d'Île-de-France, où les syndicats appellent à une journée de grève contre le projet de réforme des conditions de travail des conducteurs.",
        second="La RATP a annoncé mercredi soir qu'elle prévoyait en moyenne un métro sur trois, avec une desserte quasi nulle sur les lignes 3, 10 et 13 en dehors des heures de pointe.",
        last="Une nouvelle réunion entre la direction et les syndicats est prévue lundi prochain.",
        furniture=("EN DIRECT",),
    ),
    "it_lead_in_h2_body": Truth(
        url="https://www.ilgiornaledelnord.example/2026/12/01/it-lead-in-h2-body",
        standfirst=None,
        first="Dal 2027 i treni ad alta velocità tra Milano e Roma impiegheranno meno di tre ore, grazie a un piano di investimenti da 4,5 miliardi di euro presentato lunedì dal gestore della rete ferroviaria.",
        second="Il progetto prevede il rinnovo del sistema di segnalamento lungo tutta la linea e la costruzione di nuovi binari nei nodi di Firenze e Bologna, dove oggi si concentrano la maggior parte dei ritardi.",
        last="I primi cantieri apriranno a Bologna nella prossima primavera.",
        furniture=(),
    ),
    "intro_div_two_paras": Truth(
        url="https://www.thecourier.example/2026/12/01/intro-div-two-paras",
        standfirst=None,
        first="The semiconductor maker Corvel Systems said on Thursday that it would delay the opening of its $20 billion factory near Columbus, Ohio, until 2030, the second postponement in less than two years.",
        second="The company blamed weaker demand for the older kinds of processors the plant was designed to produce and said it would slow construction to match what it called a more realistic view of the market.",
        last="Analysts said the delay reflected a broader retreat by chipmakers from the wave of factory announcements that followed the passage of federal subsidies, as customers work through large stocks of chips ordered during the shortage.",
        furniture=(),
    ),
}

# A dek under a class no vocabulary names, printed between the headline and the text and
# equal to the page's description, is the standfirst, not the text's first paragraph
# (body/lead.lead_paragraphs).
PRINTED_DEK = {
    "fr_paris_dateline": Truth(
        url="https://www.lequotidien.example/2026/12/01/fr-paris-dateline",
        standfirst="La RATP prévoit un métro sur trois en moyenne et la fermeture de plusieurs lignes aux heures creuses.",
        first="PARIS — Le trafic sera très perturbé jeudi dans les transports en commun d'Île-de-France, où les syndicats appellent à une journée de grève contre le projet de réforme des conditions de travail des conducteurs.",
        second="La RATP a annoncé mercredi soir qu'elle prévoyait en moyenne un métro sur trois, avec une desserte quasi nulle sur les lignes 3, 10 et 13 en dehors des heures de pointe.",
        last="Une nouvelle réunion entre la direction et les syndicats est prévue lundi prochain.",
        furniture=(),
    ),
    "es_bajada_dek": Truth(
        url="https://www.diariosur.example/2026/12/01/es-bajada-dek",
        standfirst="Los bomberos creen que el fuego quedará estabilizado en las próximas horas si el viento amaina.",
        first="Un incendio forestal declarado el domingo por la tarde en la vertiente sur de la sierra de Gredos ha obligado a desalojar a unos 2.000 vecinos de tres municipios de la provincia de Ávila.",
        second="Las llamas, avivadas por rachas de viento de más de 50 kilómetros por hora, han recorrido ya unas 3.400 hectáreas de pinar y matorral, según el último balance facilitado por la Junta de Castilla y León.",
        last="La Junta ha pedido a la población que evite desplazarse a la zona mientras continúen los trabajos de extinción.",
        furniture=("Humo sobre la sierra",),
    ),
    "en_subheading_dek": Truth(
        url="https://www.thecourier.example/2026/12/01/en-subheading-dek",
        standfirst="Water companies say hosepipe bans are likely by June unless the spring is unusually wet.",
        first="Reservoirs across the south-west of England are at their lowest level for the time of year since records began in 1995, leaving farmers preparing for what many fear will be a third consecutive summer of drought.",
        second="The Environment Agency said on Monday that stocks in the region stood at 61 per cent of capacity, compared with a long-term average of 87 per cent for early March, after the driest winter in three decades.",
        last="A spokesman for the environment department said ministers were monitoring the situation closely and would convene the national drought group next week to review the outlook for the summer.",
        furniture=(),
    ),
    "it_desc_dek": Truth(
        url="https://www.ilgiornaledelnord.example/2026/12/01/it-desc-dek",
        standfirst="Il piano prevede nuovi binari e il rinnovo della segnaletica lungo tutta la linea.",
        first="Dal 2027 i treni ad alta velocità tra Milano e Roma impiegheranno meno di tre ore, grazie a un piano di investimenti da 4,5 miliardi di euro presentato lunedì dal gestore della rete ferroviaria.",
        second="Il progetto prevede il rinnovo del sistema di segnalamento lungo tutta la linea e la costruzione di nuovi binari nei nodi di Firenze e Bologna, dove oggi si concentrano la maggior parte dei ritardi.",
        last="I primi cantieri apriranno a Bologna nella prossima primavera.",
        furniture=(),
    ),
}

# A text whose paragraphs are kept apart by <br><br> (no <p>): a sentence's end after a
# paragraph's length, then two <br> in a row, ends the paragraph
# (body/walk._line_ended).
BR_TEXT = {
    "br_separated": Truth(
        url="https://www.diariosur.example/2026/12/01/br-separated",
        standfirst=None,
        first="Un incendio forestal declarado el domingo por la tarde en la vertiente sur de la sierra de Gredos ha obligado a desalojar a unos 2.000 vecinos de tres municipios de la provincia de Ávila.",
        second="Las llamas, avivadas por rachas de viento de más de 50 kilómetros por hora, han recorrido ya unas 3.400 hectáreas de pinar y matorral, según el último balance facilitado por la Junta de Castilla y León.",
        last="La Junta ha pedido a la población que evite desplazarse a la zona mientras continúen los trabajos de extinción.",
        furniture=(),
    ),
    "br_separated_span": Truth(
        url="https://www.thecourier.example/2026/12/01/br-separated-span",
        standfirst=None,
        first="The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, ending a decade-long argument over whether the 1962 span could be repaired or had to come down.",
        second="The $240 million plan, which relies on a mix of state grants and a bond issue approved by voters last year, calls for demolition to begin next spring and for the new bridge to open to traffic by the autumn of 2029.",
        last="The mayor, who had made the bridge a central promise of her re-election campaign, said she would sign the measure on Thursday and that the first public meetings on the detour routes would be held before the end of the month.",
        furniture=("Staff Writer",),
    ),
}

# A byline line in the text: by-words of Italian ('di'), and a name followed by a date
# after a dash (byline.cleanup._DASHED_DATE).
BYLINE_LINES = {
    "it_byline_di_in_body": Truth(
        url="https://www.ilgiornaledelnord.example/2026/12/01/it-byline-di-in-body",
        standfirst="Il piano prevede nuovi binari e il rinnovo della segnaletica lungo tutta la linea.",
        first="Dal 2027 i treni ad alta velocità tra Milano e Roma impiegheranno meno di tre ore, grazie a un piano di investimenti da 4,5 miliardi di euro presentato lunedì dal gestore della rete ferroviaria.",
        second="Il progetto prevede il rinnovo del sistema di segnalamento lungo tutta la linea e la costruzione di nuovi binari nei nodi di Firenze e Bologna, dove oggi si concentrano la maggior parte dei ritardi.",
        last="I primi cantieri apriranno a Bologna nella prossima primavera.",
        furniture=("Marco Bianchi",),
    ),
    "fr_lead_strong_then_byline": Truth(
        url="https://www.lequotidien.example/2026/12/01/fr-lead-strong-then-byline",
        standfirst=None,
        first="Les vendanges ont commencé avec près de deux semaines d'avance cette année en Bourgogne, où les viticulteurs s'attendent à une récolte inférieure d'environ un quart à la moyenne des cinq dernières années.",
        second="Le gel tardif du mois d'avril, qui a touché en particulier les parcelles de chardonnay de la côte de Beaune, puis la chaleur persistante de juillet et d'août ont fortement réduit les rendements.",
        last="Le bureau interprofessionnel publiera ses estimations définitives à la fin du mois de novembre.",
        furniture=("Claire Martin",),
    ),
}

# A short line before the text's first paragraph: a caption ending in its agency's
# credit, or a byline with its date (body/lines._opening_credit).
OPENING_CREDITS = {
    "fr_caption_p_before_lead": Truth(
        url="https://www.lequotidien.example/2026/12/01/fr-caption-p-before-lead",
        standfirst="Le gel de printemps et la sécheresse de l'été ont réduit les rendements d'un quart.",
        first="Les vendanges ont commencé avec près de deux semaines d'avance cette année en Bourgogne, où les viticulteurs s'attendent à une récolte inférieure d'environ un quart à la moyenne des cinq dernières années.",
        second="Le gel tardif du mois d'avril, qui a touché en particulier les parcelles de chardonnay de la côte de Beaune, puis la chaleur persistante de juillet et d'août ont fortement réduit les rendements.",
        last="Le bureau interprofessionnel publiera ses estimations définitives à la fin du mois de novembre.",
        furniture=("JEAN DUPONT",),
    ),
    "photo_credit_plain_p": Truth(
        url="https://www.ilgiornaledelnord.example/2026/12/01/photo-credit-plain-p",
        standfirst="Il piano prevede nuovi binari e il rinnovo della segnaletica lungo tutta la linea.",
        first="Dal 2027 i treni ad alta velocità tra Milano e Roma impiegheranno meno di tre ore, grazie a un piano di investimenti da 4,5 miliardi di euro presentato lunedì dal gestore della rete ferroviaria.",
        second="Il progetto prevede il rinnovo del sistema di segnalamento lungo tutta la linea e la costruzione di nuovi binari nei nodi di Firenze e Bologna, dove oggi si concentrano la maggior parte dei ritardi.",
        last="I primi cantieri apriranno a Bologna nella prossima primavera.",
        furniture=("Frecciarossa alla stazione",),
    ),
    "es_byline_line_in_body": Truth(
        url="https://www.diariosur.example/2026/12/01/es-byline-line-in-body",
        standfirst="Las comunidades autónomas tendrán que ceder suelo público para que el programa salga adelante.",
        first="El Consejo de Ministros ha aprobado este martes un plan para construir 50.000 viviendas de alquiler asequible en los próximos cinco años, con una inversión pública estimada en 6.000 millones de euros.",
        second="Las viviendas se levantarán sobre suelo público cedido por el Estado, las comunidades autónomas y los ayuntamientos, y se destinarán a familias con ingresos inferiores a cuatro veces el salario mínimo.",
        last="El primer concurso para adjudicar la construcción de las viviendas se convocará antes del verano.",
        furniture=("Lucía Romero",),
    ),
}


# The second review's hand-made probes (tests/fixtures/body_lead/README.md) where round
# 19's rules misfired, and its controls (``*_ctl_*``). A lead-classed box: a dek's two
# short paragraphs outside the text's container, a long dek right under the headline, a
# description in other inflections of the text's words (metadata/dek._text_opening).
SECOND_REVIEW = {
    "a1_en_mag_two_para_dek": Truth(
        url="https://www.courier.example/2026/12/01/a1-en-mag-two-para-dek",
        standfirst="For forty years the lighthouse keepers of the northern coast kept a logbook of every storm, every wreck and every rescue. Now the logbooks have been found in a loft, and they tell a story of the coast that the official records never did.",
        first="The first logbook was opened in the spring of 1951, when Thomas Reid took charge of the Skerry Point light.",
        second="Opposition members argued that the plan relied on optimistic forecasts and would leave little room for unexpected costs next year.",
        last="A final vote is expected later this month, after a public consultation that closes on the twentieth of the month.",
        furniture=(
            "For forty years the lighthouse keepers of the northern coast kept a logbook of every storm, every wreck and every rescue.",
        ),
    ),
    "a2_fr_longform_tagline_desc": Truth(
        url="https://www.courier.example/2026/12/01/a2-fr-longform-tagline-desc",
        standfirst="Les agriculteurs de la vallée ont vu leurs récoltes divisées par deux en trois ans, à cause de la sécheresse et des prix. Enquête sur une profession qui doute, entre endettement, départs à la retraite et espoir d'une nouvelle génération.",
        first="La commission des finances s'est réunie pendant plus de quatre heures mardi soir avant de s'accorder sur les chiffres, selon la mairie.",
        second="L'opposition a estimé que le plan reposait sur des prévisions trop optimistes et laissait peu de marge pour les imprévus.",
        last="Le vote définitif est attendu à la fin du mois, après une consultation publique qui se termine le vingt du mois.",
        furniture=(
            "Les agriculteurs de la vallée ont vu leurs récoltes divisées par deux en trois ans, à cause de la sécheresse et des prix.",
        ),
    ),
    "a4_fr_chapo_in_container": Truth(
        url="https://www.courier.example/2026/12/01/a4-fr-chapo-in-container",
        standfirst="Après deux ans de travaux et un budget dépassé de 30 %, la nouvelle médiathèque ouvre ses portes samedi. Elle promet d'être le lieu de rencontre d'un quartier qui en manquait cruellement.",
        first="La commission des finances s'est réunie pendant plus de quatre heures mardi soir avant de s'accorder sur les chiffres, selon la mairie.",
        second="L'opposition a estimé que le plan reposait sur des prévisions trop optimistes et laissait peu de marge pour les imprévus.",
        last="Le vote définitif est attendu à la fin du mois, après une consultation publique qui se termine le vingt du mois.",
        furniture=(
            "Après deux ans de travaux et un budget dépassé de 30 %, la nouvelle médiathèque ouvre ses portes samedi. Elle promet d'être le lieu de rencontre d'un quartier qui en manquait cruellement.",
        ),
    ),
    "a5_es_entradilla_h2_english_desc": Truth(
        url="https://www.courier.example/2026/12/01/a5-es-entradilla-h2-english-desc",
        standfirst="El ayuntamiento aprobó este martes unos presupuestos de 412 millones de euros, un 6 % más que el año pasado, con el voto en contra de toda la oposición y tras una sesión de más de cuatro horas.",
        first="La comisión de Hacienda se reunió durante más de cuatro horas el martes por la noche antes de acordar las cifras, según el ayuntamiento.",
        second="La oposición sostuvo que el plan se basa en previsiones demasiado optimistas y deja poco margen para gastos imprevistos.",
        last="La votación definitiva está prevista para finales de mes, tras una consulta pública que termina el día veinte.",
        furniture=(
            "El ayuntamiento aprobó este martes unos presupuestos de 412 millones de euros, un 6 % más que el año pasado, con el voto en contra de toda la oposición y tras una sesión de más de cuatro horas.",
        ),
    ),
    "a6_it_two_para_sottotitolo_abbrev_desc": Truth(
        url="https://www.courier.example/2026/12/01/a6-it-two-para-sottotitolo-abbrev-desc",
        standfirst="Via libera del Consiglio dei ministri al decreto che sblocca i fondi europei per la rete ferroviaria del Mezzogiorno. Le opere dovranno essere completate entro il 2029; i sindacati chiedono garanzie sulle assunzioni nei cantieri.",
        first="La commissione bilancio si è riunita per più di quattro ore martedì sera prima di trovare un accordo sulle cifre, secondo il Comune.",
        second="L'opposizione ha sostenuto che il piano si basa su previsioni troppo ottimistiche e lascia poco margine per le spese impreviste.",
        last="Il voto definitivo è atteso alla fine del mese, dopo una consultazione pubblica che si chiude il giorno venti.",
        furniture=(
            "Via libera del Consiglio dei ministri al decreto che sblocca i fondi europei per la rete ferroviaria del Mezzogiorno.",
        ),
    ),
    "a7_nl_intro_box_tagline_desc": Truth(
        url="https://www.courier.example/2026/12/01/a7-nl-intro-box-tagline-desc",
        standfirst="Na drie jaar onderhandelen ligt er eindelijk een akkoord over de nieuwe brug bij Zwolle, maar niet iedereen is blij. Vooral de schippers vrezen dat de bouw jarenlang voor lange wachttijden bij de sluizen in het kanaal zal zorgen.",
        first="De financiëncommissie vergaderde dinsdagavond ruim vier uur voordat zij het eens werd over de cijfers, meldt de gemeente.",
        second="De oppositie vond dat het plan steunt op te optimistische ramingen en weinig ruimte laat voor onverwachte kosten volgend jaar.",
        last="De definitieve stemming wordt eind deze maand verwacht, na een openbare raadpleging die op de twintigste sluit.",
        furniture=(
            "Na drie jaar onderhandelen ligt er eindelijk een akkoord over de nieuwe brug bij Zwolle, maar niet iedereen is blij.",
        ),
    ),
    "a8_en_summary_in_body_tagline_desc": Truth(
        url="https://www.courier.example/2026/12/01/a8-en-summary-in-body-tagline-desc",
        standfirst="Ministers have agreed to fund a new hospital wing in the valley after a two-year campaign by nurses and patients, but the money will not arrive before 2028 and the site has still to be chosen.",
        first="The council's finance committee met for more than four hours on Tuesday evening before agreeing the figures, officials said.",
        second="Opposition members argued that the plan relied on optimistic forecasts and would leave little room for unexpected costs next year.",
        last="A final vote is expected later this month, after a public consultation that closes on the twentieth of the month.",
        furniture=(
            "Ministers have agreed to fund a new hospital wing in the valley after a two-year campaign by nurses and patients, but the money will not arrive before 2028 and the site has still to be chosen.",
        ),
    ),
    "a11_de_teaser_box_picture_two_para": Truth(
        url="https://www.courier.example/2026/12/01/a11-de-teaser-box-picture-two-para",
        standfirst="Die Wölfe sind zurück in der Lüneburger Heide, und mit ihnen ist der alte Streit zwischen Schäfern und Naturschützern neu entbrannt. Ein Besuch bei den Menschen, die mit dem Raubtier leben müssen – und bei denen, die es schützen wollen.",
        first="Der Ausschuss hatte am Dienstagabend mehr als vier Stunden beraten, bevor er sich auf die Zahlen einigte, hieß es aus dem Rathaus.",
        second="Die Opposition kritisierte, der Plan beruhe auf zu optimistischen Prognosen und lasse kaum Spielraum für unerwartete Kosten.",
        last="Die endgültige Abstimmung ist für Ende des Monats geplant, nach einer öffentlichen Anhörung, die am Zwanzigsten endet.",
        furniture=(
            "Die Wölfe sind zurück in der Lüneburger Heide, und mit ihnen ist der alte Streit zwischen Schäfern und Naturschützern neu entbrannt.",
        ),
    ),
    "a_ctl_en_lead_box_is_text": Truth(
        url="https://www.courier.example/2026/12/01/a-ctl-en-lead-box-is-text",
        standfirst=None,
        first="BRUSSELS — European ministers agreed on Tuesday to a new set of rules for the use of farm subsidies, ending months of talks.",
        second="The deal, reached after an all-night session, gives member states more room to decide how the money is spent at home.",
        last="A final vote is expected later this month, after a public consultation that closes on the twentieth of the month.",
        furniture=(),
    ),
    "a_ctl_it_lead_p_in_text": Truth(
        url="https://www.courier.example/2026/12/01/a-ctl-it-lead-p-in-text",
        standfirst=None,
        first="ROMA – Il Senato ha approvato nella notte la riforma della giustizia con 98 voti favorevoli e 62 contrari, dopo una seduta fiume durata quasi quattordici ore e segnata da forti tensioni in aula.",
        second="La commissione bilancio si è riunita per più di quattro ore martedì sera prima di trovare un accordo sulle cifre, secondo il Comune.",
        last="Il voto definitivo è atteso alla fine del mese, dopo una consultazione pubblica che si chiude il giorno venti.",
        furniture=(),
    ),
    # The description printed over the text that is its first paragraph, dateline and
    # all: the wire story's lead, kept (body/lead.lead_paragraphs).
    "b5_en_header_p1_dateline": Truth(
        url="https://www.courier.example/2026/12/01/b5-en-header-p1-dateline",
        standfirst=None,
        first="WELLINGTON — Rescue teams on Tuesday reached the last of the villages cut off by the floods.",
        second="The council's finance committee met for more than four hours on Tuesday evening before agreeing the figures, officials said.",
        last="A final vote is expected later this month, after a public consultation that closes on the twentieth of the month.",
        furniture=(),
    ),
    "b6_de_header_p1_dateline": Truth(
        url="https://www.courier.example/2026/12/01/b6-de-header-p1-dateline",
        standfirst=None,
        first="Hamburg – Nach dem Brand im Hafen arbeiten alle 34 Mitarbeiter der Lagerhalle wieder.",
        second="Der Ausschuss hatte am Dienstagabend mehr als vier Stunden beraten, bevor er sich auf die Zahlen einigte, hieß es aus dem Rathaus.",
        last="Die endgültige Abstimmung ist für Ende des Monats geplant, nach einer öffentlichen Anhörung, die am Zwanzigsten endet.",
        furniture=(),
    ),
    "b8_it_header_p1_ansa": Truth(
        url="https://www.courier.example/2026/12/01/b8-it-header-p1-ansa",
        standfirst=None,
        first="ROMA, 1 DIC (ANSA) - Scuole chiuse domani in tre comuni della provincia per l'allerta meteo.",
        second="La commissione bilancio si è riunita per più di quattro ore martedì sera prima di trovare un accordo sulle cifre, secondo il Comune.",
        last="Il voto definitivo è atteso alla fine del mese, dopo una consultazione pubblica che si chiude il giorno venti.",
        furniture=(),
    ),
    # A line a blank line (<br><br>) sets apart in the text's own paragraph: its next
    # words, however they open (body/lines._split_from_text).
    "d8_en_by_line_after_br": Truth(
        url="https://www.courier.example/2026/12/01/d8-en-by-line-after-br",
        standfirst=None,
        first="The council's finance committee met for more than four hours on Tuesday evening before agreeing the figures, officials said.",
        second="Opposition members argued that the plan relied on optimistic forecasts and would leave little room for unexpected costs next year.",
        last="By Friday, nothing had changed.",
        furniture=(),
        keep=("By Friday, nothing had changed.",),
    ),
    # A short line before the first paragraph: a short lead closing with its agency away
    # from any picture, or a sentence after a place and a date, is the text's; a caption
    # beside its picture and a dated byline stay furniture (body/lines._opening_credit).
    "c8_fr_short_lead_afp": Truth(
        url="https://www.courier.example/2026/12/01/c8-fr-short-lead-afp",
        standfirst=None,
        first="Un séisme de magnitude 6,1 a secoué le nord du Chili lundi (AFP)",
        second="La commission des finances s'est réunie pendant plus de quatre heures mardi soir avant de s'accorder sur les chiffres, selon la mairie.",
        last="Le vote définitif est attendu à la fin du mois, après une consultation publique qui se termine le vingt du mois.",
        furniture=(),
    ),
    "c9_de_short_lead_dpa": Truth(
        url="https://www.courier.example/2026/12/01/c9-de-short-lead-dpa",
        standfirst=None,
        first="Der Bundestag hat den Haushalt 2027 beschlossen (dpa)",
        second="Der Ausschuss hatte am Dienstagabend mehr als vier Stunden beraten, bevor er sich auf die Zahlen einigte, hieß es aus dem Rathaus.",
        last="Die endgültige Abstimmung ist für Ende des Monats geplant, nach einer öffentlichen Anhörung, die am Zwanzigsten endet.",
        furniture=(),
    ),
    "c10_en_short_lead_reuters_dot": Truth(
        url="https://www.courier.example/2026/12/01/c10-en-short-lead-reuters-dot",
        standfirst=None,
        first="The council agreed its budget late on Tuesday. Reuters",
        second="The council's finance committee met for more than four hours on Tuesday evening before agreeing the figures, officials said.",
        last="A final vote is expected later this month, after a public consultation that closes on the twentieth of the month.",
        furniture=(),
    ),
    "c12_it_place_date_short": Truth(
        url="https://www.courier.example/2026/12/01/c12-it-place-date-short",
        standfirst=None,
        first="Roma, 12 marzo 2026 – Il Senato approva.",
        second="La commissione bilancio si è riunita per più di quattro ore martedì sera prima di trovare un accordo sulle cifre, secondo il Comune.",
        last="Il voto definitivo è atteso alla fine del mese, dopo una consultazione pubblica che si chiude il giorno venti.",
        furniture=(),
    ),
    "c14_en_place_year_sentence": Truth(
        url="https://www.courier.example/2026/12/01/c14-en-place-year-sentence",
        standfirst=None,
        first="Berlin, 2036 Olympics hopes collapse.",
        second="The council's finance committee met for more than four hours on Tuesday evening before agreeing the figures, officials said.",
        last="A final vote is expected later this month, after a public consultation that closes on the twentieth of the month.",
        furniture=(),
    ),
    "c15_de_name_years_intro": Truth(
        url="https://www.courier.example/2026/12/01/c15-de-name-years-intro",
        standfirst=None,
        first="Helga Brandt, 2006–2026. Eine Bilanz.",
        second="Der Ausschuss hatte am Dienstagabend mehr als vier Stunden beraten, bevor er sich auf die Zahlen einigte, hieß es aus dem Rathaus.",
        last="Die endgültige Abstimmung ist für Ende des Monats geplant, nach einer öffentlichen Anhörung, die am Zwanzigsten endet.",
        furniture=(),
    ),
    "c_ctl_fr_caption_afp": Truth(
        url="https://www.courier.example/2026/12/01/c-ctl-fr-caption-afp",
        standfirst=None,
        first="La commission des finances s'est réunie pendant plus de quatre heures mardi soir avant de s'accorder sur les chiffres, selon la mairie.",
        second="L'opposition a estimé que le plan reposait sur des prévisions trop optimistes et laissait peu de marge pour les imprévus.",
        last="Le vote définitif est attendu à la fin du mois, après une consultation publique qui se termine le vingt du mois.",
        furniture=("JEAN DUPONT / AFP",),
    ),
    "c_ctl_es_byline_date": Truth(
        url="https://www.courier.example/2026/12/01/c-ctl-es-byline-date",
        standfirst=None,
        first="La comisión de Hacienda se reunió durante más de cuatro horas el martes por la noche antes de acordar las cifras, según el ayuntamiento.",
        second="La oposición sostuvo que el plan se basa en previsiones demasiado optimistas y deja poco margen para gastos imprevistos.",
        last="La votación definitiva está prevista para finales de mes, tras una consulta pública que termina el día veinte.",
        furniture=("Ana López",),
    ),
}


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


TRUTH = {
    **HELD,
    **LEAD_BOX,
    **PRINTED_DEK,
    **BR_TEXT,
    **BYLINE_LINES,
    **OPENING_CREDITS,
    **SECOND_REVIEW,
}


@pytest.mark.parametrize("page", sorted(TRUTH))
def test_body_opening(page: str) -> None:
    truth = TRUTH[page]
    html = (PAGES / f"{page}.html").read_text(encoding="utf-8")
    article = extract(html, truth.url)
    body = [_norm(p) for p in article.body if _norm(p)]
    while body and body[0].strip("| ") == _norm(article.headline):
        del body[0]
    standfirst = _norm(article.standfirst)
    if truth.standfirst:
        assert standfirst == _norm(truth.standfirst)
    else:
        assert not standfirst or not any(
            standfirst in _norm(p) for p in (truth.first, truth.second)
        ), "a paragraph of the text taken as the standfirst"
    assert body[:1] == [_norm(truth.first)]
    assert _norm(truth.second) in body
    assert _norm(truth.last) in body
    text = "\n".join(body)
    assert [k for k in truth.keep if _norm(k) not in text] == []
    printed = (*truth.furniture, *EVERY_PAGE, *([truth.standfirst] if truth.standfirst else []))
    assert [f for f in printed if _norm(f) in text] == []


# --- the lead class words: a hyphenated spelling is the same word --------------------------

DEK = "Engineers found cracks in three girders, and repairs would cost more than a new span."


@pytest.mark.parametrize("cls", ["subhead", "sub-head", "subheadline", "sub-headline", "sub-title"])
def test_lead_class_spellings(cls: str) -> None:
    """Every class word of ``vocab.LEAD_CLASS_WORDS`` is one ``vocab.LEAD_CLASS`` reads:
    "sub-head" was a pre-filter word the pattern did not match."""
    prose = "The council voted on Tuesday night to replace the bridge after a decade of argument. "
    html = (
        "<html><head><title>Council votes to replace bridge</title>"
        "<meta name='description' content='A search engine summary of the bridge vote.'>"
        "</head><body><article><h1>Council votes to replace bridge</h1>"
        f"<p class='article-{cls}'>{DEK}</p><div class='article-body'>"
        f"<p>{prose}</p><p>Second: {prose}</p><p>Third: {prose}</p></div></article></body></html>"
    )
    assert extract(html, "https://example.org/bridge").standfirst == DEK


# --- the description standing in for a dek that was the text's opening -------------------

OPENING = (
    "The city council voted 9 to 4 on Tuesday night to replace the Harlow Street bridge, "
    "ending a decade-long argument over whether the 1962 span could be repaired."
)
TEXT = "The replacement plan relies on state grants and a bond issue approved by voters last year."


def _lead_classed_opening(description: str) -> str:
    return (
        "<html><head><title>Council votes to replace bridge | The Courier</title>"
        f"<meta name='description' content='{description}'></head><body><article>"
        "<h1>Council votes to replace bridge</h1><div class='entry-content'>"
        f"<p class='lead'>{OPENING}</p><p>First: {TEXT}</p><p>Second: {TEXT}</p>"
        f"<p>Third: {TEXT}</p></div></article></body></html>"
    )


@pytest.mark.parametrize(
    ("description", "standfirst"),
    [
        # the site's tagline and a call to click, in every page's description: no dek
        ("The Courier - your local newsportal", None),
        ("Kliknij i zobacz więcej.", None),
        # a description of this story, in other words than the headline: the dek
        (
            "Councillors ended a decade-long argument over the Harlow Street span.",
            "Councillors ended a decade-long argument over the Harlow Street span.",
        ),
    ],
)
def test_description_for_an_opening_lead_box(description: str, standfirst: str | None) -> None:
    """Where the lead-classed block is the text's opening (no dek), the page description
    stands in only when most of its words are the text's or the headline's."""
    article = extract(_lead_classed_opening(description), "https://example.org/bridge")
    assert article.body[0] == OPENING
    assert article.standfirst == standfirst


# --- the description printed over the text, and a dateline -----------------------------------

WIRE_TEXT = "Der Ausschuss hatte am Dienstagabend mehr als vier Stunden beraten, bevor er sich auf die Zahlen einigte."


def _description_over_text(description: str) -> list[str]:
    html = (
        "<html><head><title>Hafenbrand</title>"
        f"<meta name='description' content='{description}'></head><body><article>"
        f"<div class='article-header'><h1>Hafenbrand: Betrieb läuft wieder</h1><p>{description}</p></div>"
        f"<div class='article-body-text'><p>Eins: {WIRE_TEXT}</p><p>Zwei: {WIRE_TEXT}</p>"
        f"<p>Drei: {WIRE_TEXT}</p></div></article></body></html>"
    )
    return extract(html, "https://example.org/hafen").body


def test_description_with_a_dateline_stays_the_first_paragraph() -> None:
    lead = "Hamburg – Nach dem Brand im Hafen arbeiten alle 34 Mitarbeiter der Lagerhalle wieder."
    assert _description_over_text(lead)[0] == lead


def test_suspended_hyphen_is_no_datelines_dash() -> None:
    """ "Vanlife- und Camping-Fans": a word's hyphen standing for its second half, glued to
    it, is no dateline's dash; the description printed over the text stays the dek."""
    dek = "Der Traum vieler Vanlife- und Camping-Fans: Einmal durch Schweden mit dem Wohnmobil!"
    assert dek not in _description_over_text(dek)


# --- <br><br> inside one block -------------------------------------------------------------

SENTENCE = "The council met on Monday to discuss the new budget for roads, schools and the library."


def _body(text_html: str, first: str = f"<p>First: {SENTENCE}</p>") -> list[str]:
    html = (
        "<html><head><title>Budget</title></head><body><article><h1>Council passes budget</h1>"
        f"<div class='article-body'>{first}{text_html}</div></article></body></html>"
    )
    return extract(html, "https://example.org/budget").body


def test_br_pair_after_a_sentence_ends_the_paragraph() -> None:
    body = _body(f"<p>One: {SENTENCE}<br><br>\n Two: {SENTENCE}<br> <br>Three: {SENTENCE}</p>")
    assert body[1:] == [f"One: {SENTENCE}", f"Two: {SENTENCE}", f"Three: {SENTENCE}"]


@pytest.mark.parametrize(
    "lines",
    [
        # one <br>: a line of a poem or an address within the paragraph
        f"<p>One: {SENTENCE}<br>Two: {SENTENCE}</p>",
        # short lines set apart by a blank line: no paragraph ends among them
        "<p>This week's theme<br><br>People who have more than one word coined after them"
        f"<br><br>{SENTENCE}</p>",
    ],
)
def test_br_pair_keeps_lines_of_one_block(lines: str) -> None:
    assert len(_body(lines)) == 2


def test_closing_call_after_a_blank_line_is_the_texts() -> None:
    """A closing call set apart by <br><br> alone, in the text's own element, is its last
    words (as when the walk joined it to the paragraph before); one in a paragraph of its
    own is furniture."""
    call = "Don't forget to subscribe to our newsletter for more ideas like this one."
    assert _body(f"<p>Before: {SENTENCE}</p><p>{SENTENCE}<br><br>{call}</p>")[-1] == call
    assert call not in _body(f"<p>Before: {SENTENCE}</p><p>{SENTENCE}</p><p>{call}</p>")


# --- byline lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Par Claire Martin - 01 déc. 2026 à 09h30", "Claire Martin"),
        ("By Jane Doe - 01/12/2026", "Jane Doe"),
        ("Ana López | 01 dic 2026 - 10:30 CET", "Ana López"),
    ],
)
def test_byline_with_a_date_after_a_dash(line: str, name: str) -> None:
    assert split_byline(line) == ([name], [])


def test_dash_and_a_number_without_a_date_is_not_cut() -> None:
    """A day's number alone is no date: the line stays as it is (no name read)."""
    assert split_byline("By Jane Doe - 10 things to know about the vote") == ([], [])


# --- short lines before the text's first paragraph -----------------------------------------


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("The harbour at dawn on Monday. JANE DOE / AFP", True),
        # with no picture before it, a line closing with its agency in brackets is a
        # short lead ("… nord du Chili lundi (AFP)"), not a caption (second review)
        ("The harbour at dawn on Monday (Reuters)", False),
        ("Ana López | Madrid | 01 dic 2026 - 10:30 CET", True),
        ("Jane Doe · 5 min read · Dec 1, 2026", True),
        # sentences with a number after a comma, a credit-like word that is no agency
        ("In Berlin, 12 people were injured in 2024.", False),
        ("Am 12. März 2024 beginnt die Messe.", False),
        ("The harbour at dawn. Jane Doe", False),
        ("RIO DE JANEIRO (AP)", False),  # a dateline over the text
    ],
)
def test_short_line_before_the_first_paragraph(line: str, dropped: bool) -> None:
    body = _body(f"<p>Second: {SENTENCE}</p><p>Third: {SENTENCE}</p>", first=f"<p>{line}</p>")
    assert (line not in body) is dropped


def test_bracket_credit_beside_a_picture_is_its_caption() -> None:
    """Right after a picture, the line closing with its agency is the picture's caption."""
    line = "The harbour at dawn on Monday (Reuters)"
    picture = "<img src='https://example.org/harbour.jpg' alt=''>"
    body = _body(f"<p>Second: {SENTENCE}</p>", first=f"{picture}<p>{line}</p>")
    assert line not in body


def test_credit_line_after_the_first_paragraph_stays() -> None:
    """Once a paragraph of the text's length opened it, a short line ending in an agency
    is the text's (a short paragraph closing with its source)."""
    line = "The harbour at dawn on Monday (Reuters)"
    assert line in _body(f"<p>Second: {SENTENCE}</p><p>{line}</p><p>Third: {SENTENCE}</p>")
