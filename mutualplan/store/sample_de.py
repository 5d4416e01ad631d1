"""The sample plan's words in German (`mutualplan demo --language de`): the same plan,
as a German buyer and their supplier would write it. People keep their names."""

from __future__ import annotations

GERMAN = {
    "Route-cost analytics rollout": "Einführung der Tourenkosten-Analyse",
    "Cut the share of empty kilometres across Nordwind's 1,400-truck European fleet from 21% "
    "to below 15%, by giving dispatchers route-cost analytics they trust, live in all six "
    "regional hubs before the peak season.": (
        "Den Anteil der Leerkilometer in der europäischen Flotte von Nordwind (1.400 Lkw) "
        "von 21 % auf unter 15 % senken: Die Disposition erhält eine Tourenkosten-Analyse, "
        "der sie vertraut, in allen sechs Regionalzentren vor Beginn der Hochsaison."
    ),
    "Empty kilometres below 15% of fleet kilometres for four consecutive weeks at the Hamburg "
    "hub\nDispatchers plan 90% of daily tours in the new tool, without parallel spreadsheets\n"
    "Cost per tour reconciles with the SAP finance figures within 2%\nWorks council approves "
    "the use of telematics data before the rollout": (
        "Leerkilometer im Hamburger Zentrum vier Wochen in Folge unter 15 % der "
        "Flottenkilometer\n"
        "Die Disposition plant 90 % der täglichen Touren im neuen Werkzeug, ohne parallele "
        "Tabellen\n"
        "Die Kosten je Tour stimmen auf 2 % genau mit den SAP-Finanzzahlen überein\n"
        "Der Betriebsrat stimmt der Nutzung der Telematikdaten vor dem Rollout zu"
    ),
    # Job titles and roles in the decision.
    "Chief Operating Officer": "Geschäftsführerin Operations",
    "Head of Dispatch Operations": "Leiter Disposition",
    "Lead Data Engineer": "Leitende Dateningenieurin",
    "Information Security Officer": "Informationssicherheitsbeauftragter",
    "Strategic Procurement Lead": "Leiterin Strategischer Einkauf",
    "Account Director": "Account Director",
    "Solutions Engineer": "Lösungsberater",
    "Contracts Manager": "Vertragsmanager",
    "economic buyer": "Budgetverantwortung",
    "champion": "Fürsprecher",
    "technical evaluator": "technische Bewertung",
    "security": "Informationssicherheit",
    "procurement": "Einkauf",
    "account director": "Kundenverantwortung",
    "solutions engineer": "Lösungsberatung",
    "legal": "Recht",
    # Milestones, their descriptions and exit criteria.
    "Discovery workshop in Hamburg": "Auftakt-Workshop in Hamburg",
    "Two half-days with dispatch, finance and IT at the Hamburg hub.": (
        "Zwei halbe Tage mit Disposition, Finanzen und IT im Hamburger Zentrum."
    ),
    "Both sides agree on the problem, the people involved and how Nordwind decides.": (
        "Beide Seiten sind sich über das Problem, die Beteiligten und den "
        "Entscheidungsweg bei Nordwind einig."
    ),
    "Success criteria signed off": "Erfolgskriterien abgenommen",
    "Measurable success criteria approved by the economic buyer.": (
        "Messbare Erfolgskriterien von der Budgetverantwortlichen freigegeben."
    ),
    "Telematics data extract for the pilot hub": "Telematikdaten-Export für das Pilotzentrum",
    "Twelve weeks of tours and telematics data, drivers pseudonymised.": (
        "Zwölf Wochen Touren- und Telematikdaten, Fahrer pseudonymisiert."
    ),
    "Proof of concept at the Hamburg hub": "Machbarkeitsnachweis im Hamburger Zentrum",
    "Route-cost model run on Hamburg's own tours, side by side with today's planning.": (
        "Das Tourenkostenmodell läuft auf Hamburgs eigenen Touren, parallel zur heutigen "
        "Planung."
    ),
    "Every success criterion tested on Nordwind's data; results signed off by the technical "
    "evaluator.": (
        "Jedes Erfolgskriterium mit den Daten von Nordwind geprüft; Ergebnisse von der "
        "technischen Bewertung abgenommen."
    ),
    "Security questionnaire answered": "Sicherheitsfragebogen beantwortet",
    "All 142 questions answered, with evidence attached.": (
        "Alle 142 Fragen beantwortet, Nachweise beigefügt."
    ),
    "Security review sign-off": "Abnahme der Sicherheitsprüfung",
    "Findings closed or formally accepted by information security.": (
        "Feststellungen behoben oder von der Informationssicherheit förmlich akzeptiert."
    ),
    "Works council agreement on telematics data": "Betriebsvereinbarung zu Telematikdaten",
    "Needed before any driver-related data is used outside the pilot.": (
        "Erforderlich, bevor fahrerbezogene Daten außerhalb des Pilots genutzt werden."
    ),
    "Signed works agreement covering dispatch analytics.": (
        "Unterschriebene Betriebsvereinbarung, die die Dispositionsanalyse abdeckt."
    ),
    "Business case approved": "Business Case freigegeben",
    "Business case approved by the COO and the CFO.": (
        "Business Case von COO und CFO freigegeben."
    ),
    "Master agreement and DPA agreed": "Rahmenvertrag und AVV vereinbart",
    "Contract terms and data processing agreement agreed by both legal teams.": (
        "Vertragsbedingungen und Auftragsverarbeitungsvertrag von beiden Rechtsabteilungen "
        "abgestimmt."
    ),
    "Supplier onboarding and purchase order": "Lieferantenanlage und Bestellung",
    "Brightline onboarded as a supplier; purchase order ready to release.": (
        "Brightline als Lieferant angelegt; Bestellung freigabebereit."
    ),
    "Contract signed": "Vertrag unterschrieben",
    "Contract signed by both sides.": "Vertrag von beiden Seiten unterschrieben.",
    "Go-live in all six regional hubs": "Produktivstart in allen sechs Regionalzentren",
    "Hub by hub, Hamburg first, two weeks of parallel running each.": (
        "Zentrum für Zentrum, Hamburg zuerst, jeweils zwei Wochen Parallelbetrieb."
    ),
    "Success criteria met in production at every hub.": (
        "Erfolgskriterien in jedem Zentrum im Produktivbetrieb erfüllt."
    ),
    # Actions.
    "Walk through today's dispatch process and pain points": (
        "Heutigen Dispositionsprozess und Schwachstellen durchgehen"
    ),
    "Map stakeholders and decision roles": "Beteiligte und Entscheidungsrollen erfassen",
    "Export twelve weeks of tours and telematics data": (
        "Zwölf Wochen Touren- und Telematikdaten exportieren"
    ),
    "Confirm the transfer is covered by the NDA": (
        "Bestätigen, dass die Übermittlung durch die Geheimhaltungsvereinbarung gedeckt ist"
    ),
    "Agree test scenarios with the Hamburg dispatchers": (
        "Testszenarien mit der Hamburger Disposition vereinbaren"
    ),
    "Provision the evaluation environment in the EU region": (
        "Testumgebung in der EU-Region bereitstellen"
    ),
    "Review route-cost results together": "Tourenkosten-Ergebnisse gemeinsam auswerten",
    "Send ISO 27001 certificate and SOC 2 report": (
        "ISO-27001-Zertifikat und SOC-2-Bericht übermitteln"
    ),
    "Answer the vendor security questionnaire": "Sicherheitsfragebogen für Lieferanten beantworten",
    "Draft the business case with the pilot savings": (
        "Business Case mit den Einsparungen aus dem Pilot entwerfen"
    ),
    "Review the ROI model with Nordwind finance": (
        "ROI-Modell mit dem Finanzbereich von Nordwind durchgehen"
    ),
    "Complete the supplier onboarding forms": "Formulare zur Lieferantenanlage ausfüllen",
    "Send the master agreement and DPA drafts": "Entwürfe von Rahmenvertrag und AVV übermitteln",
    # Evidence and decisions on it.
    "Baltic Freight Group: empty kilometres down from 23% to 16%": (
        "Baltic Freight Group: Leerkilometer von 23 % auf 16 % gesenkt"
    ),
    "Route-cost analytics reduces empty running by five points or more within a quarter.": (
        "Die Tourenkosten-Analyse senkt die Leerfahrten innerhalb eines Quartals um fünf "
        "Prozentpunkte oder mehr."
    ),
    "Matches the savings range in our own model; usable in the business case.": (
        "Passt zur Einsparspanne in unserem eigenen Modell; für den Business Case verwendbar."
    ),
    "Reference call with Alpenland Spedition's head of dispatch": (
        "Referenzgespräch mit dem Leiter Disposition der Alpenland Spedition"
    ),
    "Dispatchers adopt the tool and retire their spreadsheets within six weeks.": (
        "Die Disposition nimmt das Werkzeug an und gibt ihre Tabellen innerhalb von sechs "
        "Wochen auf."
    ),
    "Call held with Alpenland: spreadsheets retired after five weeks.": (
        "Gespräch mit Alpenland geführt: Tabellen nach fünf Wochen abgelöst."
    ),
    "Hamburg pilot results": "Ergebnisse des Hamburger Pilots",
    "The route-cost model matches SAP tour costs within 2%.": (
        "Das Tourenkostenmodell trifft die SAP-Tourenkosten auf 2 % genau."
    ),
    "Live dispatcher demo on Hamburg tour data": (
        "Live-Vorführung für die Disposition mit Hamburger Tourendaten"
    ),
    "A dispatcher can plan a full day's tours in under 30 minutes.": (
        "Eine Disponentin plant die Touren eines ganzen Tages in unter 30 Minuten."
    ),
    "ROI model for six hubs": "ROI-Modell für sechs Zentren",
    "Payback within 14 months at current diesel prices.": (
        "Amortisation innerhalb von 14 Monaten bei heutigen Dieselpreisen."
    ),
    "ISO 27001 certificate and SOC 2 Type II report": (
        "ISO-27001-Zertifikat und SOC-2-Typ-II-Bericht"
    ),
    "Brightline runs an audited information security programme.": (
        "Brightline betreibt ein geprüftes Informationssicherheitsprogramm."
    ),
    "Penetration test summary": "Zusammenfassung des Penetrationstests",
    "The production platform has no open high-severity findings.": (
        "Die Produktivplattform hat keine offenen schwerwiegenden Feststellungen."
    ),
    "The test is 19 months old and leaves out the mobile dispatcher app; we need one from the "
    "last 12 months.": (
        "Der Test ist 19 Monate alt und lässt die mobile Dispositions-App aus; wir benötigen "
        "einen aus den letzten 12 Monaten."
    ),
}
