"""Seed the thesaurus: common synonyms of German municipal administration, and
the word parts compounds of its vocabulary split into (docs/search.md).

Coordinators keep both in the admin afterwards; reversing removes exactly
the seeded entries that are still unchanged.
"""

from django.db import migrations

# Each line one group: terms that mean the same in a search.
SYNONYM_GROUPS = """
Bürgerbüro, Bürgeramt, Bürgerservice, Bürgerzentrum, Servicezentrum, Bürgerdienste
Kita, Kindertagesstätte, Kindergarten, Kindertageseinrichtung, Kinderbetreuung
Kita-Anmeldung, Kitaplatz-Vergabe, Kitaportal, Kita-Portal, Betreuungsplatzvergabe, Kitaplatzvergabe
E-Akte, elektronische Akte, digitale Akte, Dokumentenmanagement, DMS
Ratsinformationssystem, RIS, Sitzungsdienst, Gremieninformationssystem, Sitzungsmanagement
WLAN, WiFi, WLAN-Hotspot, Hotspot, Freifunk, Funknetz
Straßenbeleuchtung, Straßenlaterne, Laterne, Lichtmast, Beleuchtung
Abfall, Müll, Entsorgung, Abfallwirtschaft
Abfallkalender, Müllkalender, Abfuhrkalender, Abfall-App, Müll-App
Mängelmelder, Schadensmelder, Mängelmeldung, Anliegenmanagement, Meldeplattform
Bürgerportal, Serviceportal, Verwaltungsportal, Onlineportal, Online-Rathaus
Bürgerkonto, Servicekonto, Nutzerkonto, BundID
Online-Dienst, Onlinedienst, Online-Antrag, Onlineantrag, OZG-Leistung, digitaler Antrag
Terminvergabe, Terminbuchung, Terminreservierung, Online-Termin, Terminmanagement
Personalausweis, Ausweis, Ausweisdokument, eID, Online-Ausweis
Ausweisterminal, Bürgerterminal, Selbstbedienungsterminal, Passbildterminal
Parkplatz, Stellplatz, Parkraum, Parkfläche
Parkleitsystem, Parkraummanagement, Parkraumerfassung, Parksensor, Park-App, Parkraumbewirtschaftung
Ladesäule, Ladestation, Ladeinfrastruktur, Ladepunkt, Elektromobilität
E-Scooter, Elektroroller, E-Tretroller, Tretroller
Fahrrad, Radverkehr, Velo, Radfahren
Bürgerbeteiligung, Beteiligung, Partizipation, Bürgerdialog, Öffentlichkeitsbeteiligung, Mitbestimmung
Glasfaser, Breitband, FTTH, Glasfasernetz, Breitbandausbau, Glasfaserausbau
Schuldigitalisierung, digitale Schule, DigitalPakt Schule, Schul-IT, Medienentwicklungsplan
Feuerwehr, Brandschutz, Feuerwehrwesen, Löschzug
Feuerwehr-Alarmierung, Alarmierung, Einsatzalarmierung, Alarmierungssystem
Katastrophenschutz, Bevölkerungsschutz, Zivilschutz, Krisenmanagement
Notfall, Notfalleinsatz, Rettungseinsatz, Einsatz, Ernstfall
Notfallsimulation, Einsatzsimulation, Einsatzübung, Übungssimulation
Rechnungswesen, Buchhaltung, Finanzwesen, Kämmerei, Haushaltswesen
Rechnungsbearbeitung, E-Rechnung, elektronische Rechnung, XRechnung, Rechnungseingang, Rechnungsworkflow
Friedhofsverwaltung, Friedhofswesen, Grabstellenverwaltung, Friedhofskataster
Baumkataster, Baumbestand, Baumpflege, Baumkontrolle, Grünflächenkataster
Geodaten, GIS, Geoinformationssystem, Geoportal, Kartendienst
Open Data, offene Daten, Datenportal, Open-Data-Portal, Datenplattform
Veranstaltungskalender, Eventkalender, Veranstaltungen, Veranstaltungsportal
Tourismus, Fremdenverkehr, Touristik, Gästeinformation, Tourismus-App
Stadtführung, Stadtrundgang, Rundgang, Stadtrallye, Audioguide
Bibliothek, Bücherei, Stadtbibliothek, Mediathek, Onleihe
Bibliotheksausweis, Leseausweis, Büchereiausweis, Benutzerausweis
Ehrenamt, Freiwilligenarbeit, bürgerschaftliches Engagement, Ehrenamtsbörse, Freiwilligenbörse
Nachbarschaft, Quartier, Nachbarschaftshilfe, Nachbarschaftsplattform, Nachbarschaftsnetzwerk
Mitfahrbank, Mitnahmebank, Mitfahrgelegenheit, Fahrgemeinschaft
Rufbus, Bürgerbus, Anrufsammeltaxi, AST, On-Demand-Verkehr, Rufbus-System
ÖPNV, Nahverkehr, öffentlicher Nahverkehr, Busverkehr, Nahverkehrsangebot
Gewerbeanmeldung, Gewerbeanzeige, Gewerbeummeldung, Gewerbeabmeldung
Wirtschaftsförderung, Standortmarketing, Gewerbeförderung, Ansiedlung
Leerstand, Leerstandsmanagement, Leerstandskataster, Ladenleerstand, Flächenmanagement
Innenstadt, Stadtzentrum, Ortskern, Ortsmitte, Stadtmitte
Dorf, Ortsgemeinde, Dorfgemeinschaft, ländlicher Raum, Digitale Dörfer
Dorfplattform, Dorf-App, DorfFunk, Dorfnetz
Energie-Monitoring, Energiemanagement, Energiecontrolling, Verbrauchsmonitoring, Energieverbrauch
Klimaschutz, Klimaanpassung, Klimamanagement, Nachhaltigkeit
Luftqualität, Luftgüte, Luftqualitätsmessung, Feinstaub, Luftmessung
Wasserstand, Pegel, Pegelmessung, Wasserstandsmessung, Hochwasserwarnung
Hochwasser, Starkregen, Überflutung, Hochwasserschutz
Sensor, Sensorik, Sensoren, Messfühler, Messstation
LoRaWAN, LoRa, IoT-Netz, Internet der Dinge, IoT
Smart City, digitale Stadt, vernetzte Stadt, smarte Stadt, Smart Region
Stadtplattform, Stadtportal, Stadt-App, Kommunalplattform, Städteplattform
App, Anwendung, Smartphone-App, Mobile App
Verwaltung, Behörde, Rathaus, Kommunalverwaltung, Stadtverwaltung
Kommune, Gemeinde, Gebietskörperschaft, Kommunen
Formular, Antrag, Vordruck, Antragsformular, Onlineformular
Bezahlung, Zahlung, E-Payment, Onlinebezahlung, Bezahlverfahren, Bezahldienst
Fundbüro, Fundsachen, Fundsache, Fundamt, Fundsachenverwaltung
Winterdienst, Streudienst, Räumdienst, Schneeräumung, Winterdienst-Steuerung
Schulweg, Schulwegplanung, Schulwegsicherung, Schulwegplan
Social Wall, Social-Media-Wand, Social Media Wall, Social-Media-Pinnwand
Virtuelle Realität, VR, Virtual Reality, VR-Brille
Wiki, Wissensdatenbank, Wissensplattform, Regionalwiki
Verkehrszählung, Verkehrserfassung, Verkehrsmonitoring, Verkehrsdaten, Verkehrsmessung
Videokonferenz, Webkonferenz, Videokonferenzsystem, Videosprechstunde
Homeoffice, mobiles Arbeiten, Telearbeit, Heimarbeit
Datenschutz, DSGVO, Datenschutz-Grundverordnung, Datenschutzkonzept
Barrierefreiheit, barrierefrei, Zugänglichkeit, BITV, Leichte Sprache
Standesamt, Personenstandswesen, Personenstandsregister, Eheschließung
Meldewesen, Einwohnermeldeamt, Meldebehörde, Meldeamt, Einwohnerwesen
Kfz-Zulassung, Zulassungsstelle, Fahrzeugzulassung, i-Kfz
Baugenehmigung, Bauantrag, digitaler Bauantrag, Bauaufsicht, Baugenehmigungsverfahren
Rechenzentrum, Kommunales Rechenzentrum, IT-Dienstleister, Hosting
Schnittstelle, API, Datenschnittstelle, Programmierschnittstelle
Quelloffen, Open Source, Open-Source, freie Software
Digitalisierung, Digitalisierungsstrategie, digitale Transformation, E-Government
Mobilität, Verkehr, Mobilitätsangebot, Verkehrswende
"""

# Heads and tails of compounds in municipal German (lower case). With them the
# search vector of "Kitaportal" holds kita and portal.
WORD_PARTS = """
abfall abfuhr akte alarm alarmierung amt anlage anmeldung antrag anwendung app arbeit
archiv aufsicht ausbau ausweis auswertung bank bau baum bearbeitung beleuchtung beratung
beschaffung bestand beteiligung betreuung betrieb bewirtschaftung bibliothek bildung
boden breitband brand buchung bürger bus börse büro campus controlling daten dienst
digital dokument dorf einsatz energie entsorgung erfassung fahr fahrrad fahrzeug faser
feld feuchte feuerwehr finanz fläche formular friedhof führung fund funk garten gast gebäude
gemeinde genehmigung geo gerät gewerbe glas glasfaser grab grün hafen haushalt hilfe
hochwasser hotspot information infrastruktur kalender kamera karte kataster kinder kita
klima kommunal konferenz konto kontrolle kosten krise lade laterne leer leit leitsystem
licht luft management mast masten medien melder meldung messung mitfahr mobil mobilität
monitoring müll nachbarschaft netz notfall park parkraum personal plan planung plattform
platz portal qualität quartier rad rat rathaus raum rechnung rechnungs region rettung ruf
säule schnittstelle schul schule schutz sensor sensoren service simulation sitzung smart
software stadt stand station steuerung straße straßen strom system tages tagesstätte
termin terminal tourismus touristik umwelt vergabe verkehr verwaltung video wasser weg
wesen wiki winter wirtschaft wissen zahlung zentrum zulassung zählung
"""


def groups() -> list[list[str]]:
    return [
        [term.strip() for term in line.split(",") if term.strip()]
        for line in SYNONYM_GROUPS.strip().splitlines()
    ]


def parts() -> list[str]:
    return sorted(set(WORD_PARTS.split()))


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("projects", "SynonymGroup")
    WordPart = apps.get_model("projects", "WordPart")
    SynonymGroup.objects.bulk_create(SynonymGroup(terms=terms) for terms in groups())
    WordPart.objects.bulk_create(
        (WordPart(word=word) for word in parts()), ignore_conflicts=True
    )


def unseed(apps, schema_editor):
    SynonymGroup = apps.get_model("projects", "SynonymGroup")
    WordPart = apps.get_model("projects", "WordPart")
    for terms in groups():
        SynonymGroup.objects.filter(terms=terms).delete()
    WordPart.objects.filter(word__in=parts()).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0007_thesaurus_and_word_parts"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
