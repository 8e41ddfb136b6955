"""English words that shape candidate answers in English sentences (rag/answer/english_spans.py):
months, ordinals, titles before a name, abbreviations that end no sentence, the head words of
bodies and places, subordinators and function words."""

from __future__ import annotations

EN_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
EN_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
EN_ORDINAL_WORDS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last)"
EN_APPROX = r"(?:about|around|roughly|nearly|almost|approximately|some|over|under|more than|less than|fewer than|up to|at least)"
# Titles and honorifics written before a name: the name is a person's.
EN_PERSON_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Lord|Lady|President|Premier|Minister|Senator|Governor|Mayor|Judge|Justice|Chief|General|Gen|Captain|Capt|Rev|Father|Saint|St|King|Queen|Prince|Princess)\.?"
# Words written with a full stop that ends no sentence (Mr. Okafor, Jan. 5, Brightline Inc. said).
EN_ABBREVIATIONS = r"(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Capt|Rev|Sen|Gov|Jr|Sr|Inc|Ltd|Co|Corp|Bros|vs|No|Nos|Vol|Ave|Rd|Mt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
# Head words of organisations and of places: "Orion Observatory" is a body, "Salt Sea" a place.
EN_ORG_HEADS = r"(?:University|College|School|Academy|Institute|Company|Corporation|Corp|Inc|Ltd|LLC|Group|Bank|Council|Committee|Commission|Ministry|Department|Agency|Authority|Association|Society|Foundation|Party|Club|Court|Hospital|Museum|Library|Observatory|Union|Federation|League|Board|Trust|Service|Office|Airlines?|Railways?|Press|Times|News|Orchestra|Theatre|Theater|Team|Army|Navy|Force)"
EN_PLACE_HEADS = r"(?:River|Lake|Sea|Ocean|Bay|Gulf|Strait|Mount|Mountains?|Hills?|Island|Islands|Valley|Gorge|Desert|Coast|Peninsula|Harbou?r|Port|Street|St|Road|Avenue|Square|Park|Bridge|City|County|Province|State|District|Region|Republic|Kingdom|Village|Town)"
# Place names that begin with their kind (Mount Kell, Lake Varna, Port Elsmere, Cape Horn).
EN_PLACE_FIRST = r"(?:Mount|Mt\.?|Lake|Port|Cape|Fort|Isle|Loch|Lac)"
# Words that open a subordinate clause: what follows is a cause, a time or a purpose (why/when).
EN_SUBORDINATORS = r"(?:because|since|as|so that|so|in order to|to|after|before|when|while|until|although|though|by|due to|owing to|thanks to)"
# Function words an English phrase candidate neither begins nor ends with.
EN_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for by with from and or but nor as into onto about after before during over under "
    "is are was were be been being am do does did has have had will would shall should can could may might must "
    "that which who whom whose what when where why how this these those it its he she they we i you his her their our "
    "my your him them us me not no than then there here also very so such only just".split()
)
