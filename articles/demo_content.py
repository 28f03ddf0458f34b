"""Launch content for the demo site: the home page, the article index and the
first article (Italian and English), plus the survey and figure records that
feed its infographics.

The prose in both languages is original writing for this site. Every figure,
year and source comes from docs/sources/ibm-cio-study.md (the repository's own copy
of the study's facts) and from nothing else;
the current wave of the study has no year, so the text says "oggi" / "today".

Every percentage the prose cites is a figure reference (`cite`), not typed: the sentence reads
the number from the figure, as the charts do, in the page's language. Counts of the sample
(1.600 CIO, 70 paesi) are the survey's and stay typed; the consistency check compares them.
"""


def cite(figure: str, wave: str = "today", *, form: str = "value", since: str = "", article: bool = False) -> str:
    """A figure reference (stats.references) by the figure's key; the loader puts in its id."""
    attrs = f'embedtype="figure" key="{figure}" wave="{wave}" form="{form}"'
    if since:
        attrs += f' from="{since}"'
    if article:
        attrs += ' article="1"'
    return f"<embed {attrs}/>"


SITE_NAME = {"it": "Osservatorio CIO", "en": "CIO Observatory"}


HOME = {
    "it": {
        "title": "Osservatorio CIO",
        "slug": "home",
        "intro": (
            "<p>Come cambia il lavoro dei responsabili dei sistemi informativi: "
            "i dati, le priorità, le tecnologie su cui puntano. "
            "Articoli in italiano e in inglese.</p>"
        ),
        "seo_title": "Osservatorio CIO: dati e analisi sul ruolo del CIO",
        "search_description": (
            "Dati e analisi sul lavoro dei CIO: come cambiano le priorità dei "
            "responsabili dei sistemi informativi e le tecnologie su cui puntano."
        ),
    },
    "en": {
        "title": "CIO Observatory",
        "slug": "home",
        "intro": (
            "<p>How the job of the chief information officer is changing: "
            "the data, the priorities and the technologies IT leaders are "
            "betting on. In English and Italian.</p>"
        ),
        "seo_title": "CIO Observatory: data and analysis on the CIO role",
        "search_description": (
            "Data and analysis on the CIO's job: how IT leaders' priorities "
            "are shifting and which technologies they are betting on."
        ),
    },
}


ARTICLE_INDEX = {
    "it": {
        "title": "Articoli",
        "slug": "articoli",
        "intro": (
            "<p>Analisi e approfondimenti sul ruolo dei CIO e sulle scelte "
            "tecnologiche delle aziende, dal più recente.</p>"
        ),
        "seo_title": "Articoli | Osservatorio CIO",
        "search_description": (
            "Tutti gli articoli di Osservatorio CIO: analisi e approfondimenti "
            "sul ruolo dei responsabili dei sistemi informativi."
        ),
    },
    "en": {
        "title": "Articles",
        "slug": "articles",
        "intro": (
            "<p>Analysis and features on the role of the CIO and on the "
            "technology choices companies make, newest first.</p>"
        ),
        "seo_title": "Articles | CIO Observatory",
        "search_description": (
            "All CIO Observatory articles: analysis and features on the role of chief information officers."
        ),
    },
}


ARTICLE = {
    "date": "2026-11-28",
    "it": {
        "title": "I responsabili IT hanno un nuovo capo: il cliente",
        "slug": "responsabili-it-nuovo-capo-cliente",
        "standfirst": (
            "Secondo uno studio IBM su oltre 1.600 CIO, il cliente finale è "
            "entrato tra le priorità di chi guida i sistemi informativi. E "
            "cloud, mobile e social network guadagnano terreno rispetto al "
            "2009."
        ),
        "seo_title": "CIO, il nuovo capo dei responsabili IT è il cliente",
        "search_description": (
            "Studio IBM su oltre 1.600 CIO in 70 paesi: il 60% mette il "
            "cliente finale tra le priorità, il 64% punta sul cloud, l'84% su "
            "mobile e social network."
        ),
        "author": "Redazione Osservatorio CIO",
        "hero_alt": "",  # no hero image: a data story opens on its words and its figures
        "body": [
            (
                "paragraph",
                "<p>I responsabili dei sistemi informativi hanno un nuovo capo, e "
                "non lo trovano nell'organigramma: è il cliente. Il baricentro del "
                'lavoro del CIO, il <i><span lang="en">Chief Information Officer</span></i>, si è '
                "spostato fuori dall'azienda, verso chi ne acquista i prodotti e "
                "i servizi e verso i punti in cui l'azienda e il cliente si "
                "incontrano.</p>",
            ),
            (
                "paragraph",
                "<p>A imprimere la svolta sono stati i consumatori. Attivi sui "
                "social network e sui canali mobile, hanno reso il CIO una figura "
                "centrale per l'impresa. Il suo ruolo è ormai incentrato "
                "sull'esperienza del cliente e sull'interazione tra l'azienda e il "
                "cliente finale: non più soltanto far funzionare la "
                "macchina, ma curare il modo in cui l'azienda si presenta e "
                "risponde a chi sta dall'altra parte.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Il suo ruolo è ormai incentrato sull'esperienza del "
                        "cliente e sull'interazione tra l'azienda e il cliente "
                        "finale."
                    ),
                    "attribution": "",
                },
            ),
            ("heading", "Che cosa dice lo studio"),
            (
                "paragraph",
                "<p>A documentare il cambiamento è uno studio di IBM che ha "
                "coinvolto oltre 1.600 CIO in 70 paesi e 20 settori. Il "
                "campione non si limita a un comparto o a un'area geografica: "
                "abbraccia realtà molto diverse tra loro. I risultati "
                "dell'ultima edizione sono messi a confronto con quelli di un "
                "precedente studio IBM sui CIO, condotto nel 2009: un punto di "
                "riferimento che permette di misurare quanto, e in quale "
                "direzione, si siano spostate le priorità.</p>",
            ),
            ("infographic", {"kind": "sample"}),
            (
                "paragraph",
                f"<p>Il primo dato riguarda proprio il cliente. Oggi "
                f"{cite('customer-priority', article=True)} dei responsabili IT "
                "considera il cliente finale una delle proprie priorità. Il "
                "cliente finale è così entrato a pieno titolo nell'agenda di chi "
                "guida l'informatica aziendale.</p>",
            ),
            ("infographic", {"kind": "big_number", "figure": "customer-priority", "wave": "today"}),
            (
                "paragraph",
                "<p>Sul front office si concentra una quota ancora più alta di "
                f"CIO: {cite('front-office-focus', form='qualified')}. È l'area "
                "in cui funzioni come il marketing e il post-vendita lavorano a "
                "stretto contatto con i clienti, ed è lì che l'informatica tocca "
                "più da vicino il rapporto con la clientela. Un esempio? Analizzare il social "
                "network dell'azienda per individuare schemi ricorrenti nel "
                "comportamento dei clienti e anticipare le tendenze. È un "
                "lavoro a metà strada tra informatica e marketing, in cui i dati "
                "raccolti sui canali social diventano uno strumento per capire "
                "come si muovono i clienti e che cosa potrebbero cercare "
                "domani.</p>",
            ),
            ("infographic", {"kind": "big_number", "figure": "front-office-focus", "wave": "today"}),
            ("heading", "Il peso della tecnologia"),
            (
                "paragraph",
                "<p>Con il cliente al centro cambia anche la considerazione della "
                "tecnologia. Nel 2009, chiamati a valutare i fattori esterni che "
                "influenzano l'azienda, i CIO collocavano quelli tecnologici "
                f"appena al {cite('technology-factors-rank', '2009', form='rank')}, "
                "dietro ai fattori di mercato e ai "
                "cambiamenti macroeconomici. La tecnologia, in altre parole, era "
                "vista più come uno sfondo che come un motore: contavano di più "
                "l'andamento dei mercati e il quadro economico generale.</p>",
            ),
            ("infographic", {"kind": "rank", "figure": "technology-factors-rank", "wave": "2009"}),
            (
                "paragraph",
                "<p>Oggi il quadro è diverso: la tecnologia pesa molto di più e i "
                "fattori tecnologici hanno risalito la classifica. Se sono i "
                "clienti, attraverso i dispositivi mobili e i social network, a "
                "dettare i tempi del rapporto con l'azienda, la tecnologia smette "
                "di essere uno sfondo e diventa il terreno stesso su cui quel "
                "rapporto si costruisce. Per le aziende la conseguenza è "
                "concreta: il cambiamento richiede investimenti in nuove "
                "tecnologie e nelle competenze IT emergenti.</p>",
            ),
            ("heading", "Cloud, mobile e social network"),
            (
                "paragraph",
                "<p>Su quali tecnologie puntare, allora? La prima risposta è il "
                f"cloud computing, che {cite('cloud-computing', article=True)} dei "
                "CIO indica come il modello IT da adottare. Nel 2009 la pensava "
                f"così {cite('cloud-computing', '2009', article=True)}: "
                f"{cite('cloud-computing', form='change', since='2009')}, una "
                "quota più che raddoppiata. Il cloud è passato da scelta di una "
                "minoranza a orientamento della maggioranza.</p>",
            ),
            ("infographic", {"kind": "then_now", "figure": "cloud-computing", "before": "2009", "after": "today"}),
            (
                "paragraph",
                "<p>Il consenso è più largo ancora per mobile e social network: "
                f"{cite('mobile-social', article=True)} dei responsabili IT "
                "considera le soluzioni mobile e i social network un fattore "
                f"chiave, contro {cite('mobile-social', '2009', article=True)} del "
                f"2009: {cite('mobile-social', form='change', since='2009')}, su "
                "una base già alta. Sono gli stessi "
                "canali attraverso i quali i consumatori hanno cambiato il "
                "rapporto con le imprese, e con esso il mestiere del CIO.</p>",
            ),
            ("infographic", {"kind": "then_now", "figure": "mobile-social", "before": "2009", "after": "today"}),
            ("heading", "L'agenda del CIO, oggi"),
            (
                "paragraph",
                "<p>Messi in fila, i numeri dell'ultima edizione compongono un "
                "quadro coerente: il cliente finale tra le priorità per "
                f"{cite('customer-priority', article=True)} dei CIO, il cloud come "
                f"modello di riferimento per {cite('cloud-computing', article=True)}, "
                "mobile e social network fattore chiave per "
                f"{cite('mobile-social', article=True)}. A questi si aggiunge "
                "l'attenzione al front office, che riguarda "
                f"{cite('front-office-focus', form='qualified')} dei responsabili "
                "IT.</p>",
            ),
            (
                "paragraph",
                "<p>Per chi guida i sistemi informativi significa valutare ogni "
                "scelta tecnologica a partire dall'esperienza del cliente e dal "
                "modo in cui l'azienda dialoga con lui. Il nuovo capo, in fondo, "
                "è proprio il cliente.</p>",
            ),
        ],
    },
    "en": {
        "title": "IT leaders have a new boss: the customer",
        "slug": "it-leaders-new-boss-customer",
        "standfirst": (
            "An IBM study of more than 1,600 CIOs finds the end customer now "
            "among the priorities of those who run corporate IT, with cloud, "
            "mobile and social networks gaining ground since 2009."
        ),
        "seo_title": "IT leaders have a new boss: the customer",
        "search_description": (
            "IBM study of more than 1,600 CIOs in 70 countries: 60% rank the "
            "end customer among their priorities, 64% back cloud, 84% mobile "
            "and social."
        ),
        "author": "CIO Observatory staff",
        "hero_alt": "",
        "body": [
            (
                "paragraph",
                "<p>IT leaders have a new boss, and not one you will find on the "
                "organisation chart: the customer. The centre of gravity of "
                "the chief information officer's job has moved outside the "
                "company, towards the people who buy its products and services "
                "and towards the points where company and customer meet.</p>",
            ),
            (
                "paragraph",
                "<p>Consumers forced the change. Active on social networks and "
                "mobile channels, they have made the CIO a central figure in the "
                "business. The role now revolves around customer experience and "
                "the interaction between the company and its end customers: less "
                "about keeping the machinery running, more about how the company "
                "presents itself and responds to the people on the other "
                "side.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "The role now revolves around customer experience and the "
                        "interaction between the company and its end customers."
                    ),
                    "attribution": "",
                },
            ),
            ("heading", "What the study found"),
            (
                "paragraph",
                "<p>An IBM study charts the shift. It covers more than 1,600 CIOs "
                "in 70 countries and 20 industries, so the sample is not confined "
                "to a single sector or region. The study sets the results of its "
                "latest edition against an earlier IBM study of CIOs carried out "
                "in 2009. That benchmark makes it possible to see how far "
                "priorities have moved, and in which direction.</p>",
            ),
            ("infographic", {"kind": "sample"}),
            (
                "paragraph",
                "<p>The first finding concerns the customer directly. Today "
                f"{cite('customer-priority')} of IT leaders count the end customer "
                "among their priorities. The end customer is now firmly on the "
                "agenda of those who run corporate IT.</p>",
            ),
            ("infographic", {"kind": "big_number", "figure": "customer-priority", "wave": "today"}),
            (
                "paragraph",
                "<p>An even larger share of CIOs, "
                f"{cite('front-office-focus', form='qualified')}, concentrate on "
                "the front office. This is where functions such "
                "as marketing and after-sales work closely with customers, and "
                "where IT comes closest to the customer relationship. One "
                "example: analysing the company's social network to pick out "
                "patterns in customer behaviour and anticipate trends. It is work "
                "that sits halfway between IT and marketing, turning data from "
                "social channels into a way of understanding how customers "
                "behave and what they may be looking for next.</p>",
            ),
            ("infographic", {"kind": "big_number", "figure": "front-office-focus", "wave": "today"}),
            ("heading", "Technology carries more weight"),
            (
                "paragraph",
                "<p>With the customer at the centre, the standing of technology "
                "has changed too. In 2009, asked to weigh the external forces "
                "acting on their companies, CIOs put technology factors only in "
                f"{cite('technology-factors-rank', '2009', form='rank')}, behind "
                "market factors and macro-economic change. "
                "Technology, in other words, was seen more as a backdrop than as "
                "a driver: the state of the markets and the wider economy counted "
                "for more.</p>",
            ),
            ("infographic", {"kind": "rank", "figure": "technology-factors-rank", "wave": "2009"}),
            (
                "paragraph",
                "<p>The picture today is different: technology counts for much "
                "more, and technology factors have climbed the ranking. When "
                "customers, through mobile devices and social networks, set the "
                "pace of their relationship with a company, technology stops "
                "being a backdrop and becomes the ground on which that "
                "relationship is built. For companies the consequence is "
                "practical: the shift calls for investment in new technologies "
                "and in emerging IT skills.</p>",
            ),
            ("heading", "Cloud, mobile and social"),
            (
                "paragraph",
                "<p>Which technologies, then? The first answer is cloud "
                f"computing, which {cite('cloud-computing')} of CIOs name as the IT "
                f"model to adopt. In 2009 the figure was {cite('cloud-computing', '2009')}: "
                f"{cite('cloud-computing', form='change', since='2009')}, a share "
                "that has more than doubled. Cloud has gone from a minority choice "
                "to the view of the majority.</p>",
            ),
            ("infographic", {"kind": "then_now", "figure": "cloud-computing", "before": "2009", "after": "today"}),
            (
                "paragraph",
                "<p>Agreement on mobile and social networks is broader still: "
                f"{cite('mobile-social')} of IT leaders see mobile solutions and "
                "social networks as a key factor, up from "
                f"{cite('mobile-social', '2009')} in 2009: "
                f"{cite('mobile-social', form='change', since='2009')}, from a base "
                "that was already high. These are the very channels through "
                "which consumers changed their relationship with companies, and "
                "with it the CIO's job.</p>",
            ),
            ("infographic", {"kind": "then_now", "figure": "mobile-social", "before": "2009", "after": "today"}),
            ("heading", "The CIO's agenda today"),
            (
                "paragraph",
                "<p>Taken together, the numbers from the latest edition paint a "
                "consistent picture: the end customer among the priorities of "
                f"{cite('customer-priority')} of CIOs, cloud as the reference model "
                f"for {cite('cloud-computing')}, mobile and social networks a key "
                f"factor for {cite('mobile-social')}. Add to that the focus on the "
                f"front office, shared by {cite('front-office-focus', form='qualified')} "
                "of IT leaders.</p>",
            ),
            (
                "paragraph",
                "<p>For those who run corporate IT, that means judging every "
                "technology decision by its effect on the customer's experience "
                "and on how the company engages with its customers. The new "
                "boss, in the end, is the customer.</p>",
            ),
        ],
    },
}


SURVEY = {
    "key": "ibm-cio-study",
    "publisher": "IBM",
    "respondents": 1600,
    "respondents_qualifier": "more_than",
    "countries": 70,
    "industries": 20,
    "source_url": "",
    "it": {
        "respondents_label": "CIO",
        "title": "Studio sui CIO",
        "description": (
            "Studio di IBM sui Chief Information Officer: priorità, fattori di "
            "influenza e tecnologie, con un confronto con un precedente studio "
            "IBM del 2009."
        ),
        "method": (
            "Lo studio coinvolge oltre 1.600 CIO di 70 paesi e 20 settori; i "
            "confronti si riferiscono a un precedente studio IBM sui CIO del "
            "2009."
        ),
    },
    "en": {
        "respondents_label": "CIOs",
        "title": "CIO Study",
        "description": (
            "An IBM study of chief information officers: their priorities, "
            "the external forces they weigh and the technologies they back, "
            "compared with an earlier IBM study from 2009."
        ),
        "method": (
            "The study covers more than 1,600 CIOs in 70 countries and 20 "
            "industries; comparisons refer to an earlier IBM CIO study from "
            "2009."
        ),
    },
    "waves": [
        {"key": "2009", "year": 2009, "it": "2009", "en": "2009"},
        {"key": "today", "year": None, "it": "oggi", "en": "today"},
    ],
}


FIGURES = [
    {
        "key": "customer-priority",
        "unit": "percent",
        "it": {
            "label": "CIO che mettono il cliente finale tra le priorità",
            "short_label": "Il cliente finale tra le priorità",
            "description": ("Quota di CIO che mettono il cliente finale tra le proprie priorità."),
        },
        "en": {
            "label": "CIOs who rank focus on the end customer among their priorities",
            "short_label": "The end customer a priority",
            "description": ("Share of CIOs who rank focus on the end customer among their priorities."),
        },
        "values": {"today": (60, "exact")},
    },
    {
        "key": "front-office-focus",
        "unit": "percent",
        "it": {
            "label": "CIO concentrati sul front office (marketing, post-vendita)",
            "short_label": "Attenzione al front office",
            "description": (
                "Quota di CIO concentrati sul front office, dove marketing e "
                "post-vendita lavorano a stretto contatto con i clienti; il "
                "valore è una soglia minima (oltre l'80%)."
            ),
        },
        "en": {
            "label": "CIOs focused on the front office (marketing, after-sales)",
            "short_label": "Front-office focus",
            "description": (
                "Share of CIOs focused on the front office, where marketing "
                "and after-sales work closely with customers; the value is a "
                "lower bound (more than 80%)."
            ),
        },
        "values": {"today": (80, "more_than")},
    },
    {
        "key": "cloud-computing",
        "unit": "percent",
        "it": {
            "label": "CIO che indicano nel cloud computing il modello IT da adottare",
            "short_label": "Cloud computing",
            "description": ("Quota di CIO che indicano il cloud computing come il modello IT da adottare."),
        },
        "en": {
            "label": "CIOs naming cloud computing as the IT model to adopt",
            "short_label": "Cloud computing",
            "description": ("Share of CIOs who name cloud computing as the IT model to adopt."),
        },
        "values": {"2009": (30, "exact"), "today": (64, "exact")},
    },
    {
        "key": "mobile-social",
        "unit": "percent",
        "it": {
            "label": "CIO che considerano soluzioni mobile e social network un fattore chiave",
            "short_label": "Mobile e social network",
            "description": ("Quota di CIO che considerano le soluzioni mobile e i social network un fattore chiave."),
        },
        "en": {
            "label": "CIOs who see mobile solutions and social networks as a key factor",
            "short_label": "Mobile and social networks",
            "description": ("Share of CIOs who see mobile solutions and social networks as a key factor."),
        },
        "values": {"2009": (68, "exact"), "today": (84, "exact")},
    },
    {
        "key": "technology-factors-rank",
        "unit": "rank",
        "it": {
            "label": "Posizione dei fattori tecnologici tra i fattori esterni di influenza",
            "short_label": "Fattori tecnologici",
            "description": (
                "Posizione dei fattori tecnologici tra i fattori esterni che "
                "influenzano l'azienda secondo i CIO: nel 2009 erano sesti, "
                "dietro ai fattori di mercato e ai cambiamenti macroeconomici."
            ),
        },
        "en": {
            "label": "Rank of technology factors among external forces",
            "short_label": "Technology factors",
            "description": (
                "Where CIOs rank technology factors among the external forces "
                "acting on their companies: sixth in 2009, behind market "
                "factors and macro-economic change."
            ),
        },
        "values": {"2009": (6, "exact")},
    },
]
