"""The process descriptions shipped with Porras, written from the seed documents (the
tiered working-age client process, adult social work and the rehabilitative work
activity path, written income-support handling, service guidance), in Finnish as the
county's staff read them. `load` takes them through the real approval path."""

from dataclasses import dataclass, field

from django.db import transaction

from porras.eventlog.activities import Activity
from porras.handbook import bpmn, services
from porras.handbook.bpmn import Node
from porras.handbook.models import Document, DocumentKind, Process, ProcessLevel, ProcessStatus
from porras.handbook.selectors import QPR_FIELDS
from porras.people.models import Role, Worker

A = Activity


@dataclass(frozen=True)
class Step:
    node: Node
    activity: str = ""
    performer: str = ""
    documents: tuple[str, ...] = ()  # keys of DOCUMENTS
    detailed_in: str = ""  # key of another seed process


@dataclass(frozen=True)
class SeedProcess:
    key: str
    title: str
    level: str
    lanes: tuple[tuple[str, str], ...]
    steps: tuple[Step, ...]
    fields: dict = field(default_factory=dict)
    documents: tuple[str, ...] = ()
    parent: str = ""


DOCUMENTS = {
    "shl": dict(
        title="Sosiaalihuoltolaki 1301/2014",
        kind=DocumentKind.LEGISLATION,
        reference="35 § yhteydenotto, 36 § palvelutarpeen arviointi ja kiireellisyys, "
        "39 § asiakassuunnitelma, 41 § monialainen yhteistyö, 42 § omatyöntekijä",
        url="https://www.finlex.fi/fi/laki/ajantasa/2014/20141301",
        description="Kiireellisen avun tarve arvioidaan välittömästi. Palvelutarpeen "
        "arviointi aloitetaan viimeistään seitsemäntenä arkipäivänä yhteydenotosta, kun "
        "asiakas on yli 75-vuotias tai erityisen tuen tarpeessa, muulloin ilman aiheetonta "
        "viivytystä. Arviointi tehdään ilman aiheetonta viivytystä hyvinvointialueen "
        "tavoiteajassa. Asiakassuunnitelma tarkistetaan sovittuna aikana.",
    ),
    "tttl": dict(
        title="Laki toimeentulotuesta 1412/1997",
        kind=DocumentKind.LEGISLATION,
        reference="14 § hakemuksen käsittely, 14 a § käsittelyajat, "
        "14 e § henkilökohtainen keskustelu",
        url="https://www.finlex.fi/fi/laki/ajantasa/1997/19971412",
        description="Hakemus käsitellään viimeistään seitsemäntenä arkipäivänä, kun "
        "tarvittavat selvitykset ovat saapuneet; kiireellinen tuki samana tai seuraavana "
        "arkipäivänä.",
    ),
    "ktt": dict(
        title="Laki kuntouttavasta työtoiminnasta 189/2001",
        kind=DocumentKind.LEGISLATION,
        reference="Aktivointisuunnitelma, päätös kuntouttavasta työtoiminnasta, "
        "työtoiminnan järjestäminen ja poissaolot",
        url="https://www.finlex.fi/fi/laki/ajantasa/2001/20010189",
    ),
    "asema": dict(
        title="Laki sosiaalihuollon asiakkaan asemasta ja oikeuksista 812/2000",
        kind=DocumentKind.LEGISLATION,
        reference="Asiakkaan itsemääräämisoikeus, osallisuus ja tietojen salassapito",
        url="https://www.finlex.fi/fi/laki/ajantasa/2000/20000812",
    ),
    "asiakastiedot": dict(
        title="Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023",
        kind=DocumentKind.LEGISLATION,
        reference="Asiakastietojen käyttöoikeudet ja käyttölokit",
        url="https://www.finlex.fi/fi/laki/ajantasa/2023/20230703",
    ),
    "kiire": dict(
        title="Kiireellisyyden arvioinnin työohje",
        kind=DocumentKind.INSTRUCTION,
        description="Yhteinen määritelmä siitä, millaiset ilmoitukset ja yhteydenotot ovat "
        "kiireellisiä, ja kiiretyön toimintamalli.",
        body="Kiireellinen on asia, jossa asiakkaan välttämätön huolenpito, toimeentulo tai "
        "turvallisuus on vaarassa.\n\nPalveluohjaaja arvioi kiireellisyyden ensikontaktissa. "
        "Kiireellinen asia siirretään heti päivystävälle työparille, joka vastaa "
        "kiiretyöstä. Palvelutarpeen arviointi aloitetaan viipymättä.\n\n"
        "Arvio ja sen perusteet kirjataan asialle.",
    ),
    "nelikentta": dict(
        title="Tuen tarpeen nelikenttä",
        kind=DocumentKind.INSTRUCTION,
        description="Varhan mallia mukaileva väline erityisen tuen tarpeen tunnistamiseen.",
        body="Nelikentän akselit: kykeneekö asiakas hakemaan ja käyttämään palveluja "
        "itsenäisesti, ja onko tuen tarve kapea vai laaja.\n\n"
        "Erityisen tuen tarpeessa olevat asiakkaat ohjataan sosiaalityöntekijälle, muut "
        "sosiaaliohjaajalle. Tuen tarve arvioidaan uudelleen palvelutarpeen arvioinnissa "
        "ja asiakassuunnitelmassa.",
    ),
    "hakemus": dict(
        title="Toimeentulotukihakemus",
        kind=DocumentKind.FORM,
        description="Täydentävän ja ehkäisevän toimeentulotuen hakemuslomake liitteineen.",
    ),
}


def _n(node_id, name, lane, kind="userTask", exit=None):
    return Node(node_id, kind, name, lane, exit)


SEED = (
    SeedProcess(
        key="porrastettu",
        title="Työikäisten sosiaalipalvelujen porrastettu asiakasprosessi",
        level=ProcessLevel.MAIN,
        lanes=(
            ("Lane_ohjaus", "Palveluohjaus"),
            ("Lane_tyopari", "Päivystävä työpari"),
            ("Lane_vastuu", "Vastuutyöntekijä"),
        ),
        steps=(
            Step(
                _n(
                    "Start_vireille",
                    "Yhteydenotto, ilmoitus tai hakemus",
                    "Lane_ohjaus",
                    "startEvent",
                )
            ),
            Step(
                _n("Task_palveluohjaus", "Vireilletulo ja ensikontakti", "Lane_ohjaus"),
                A.INTAKE_CLAIMED,
                Role.GUIDANCE,
                ("kiire",),
                "palveluohjaus",
            ),
            Step(
                _n(
                    "Gateway_ratkeaa",
                    "Ratkeaako palveluohjauksessa?",
                    "Lane_ohjaus",
                    "exclusiveGateway",
                    ("kyllä", "End_ohjaus", "Asia hoidettu palveluohjauksessa"),
                )
            ),
            Step(
                _n("Task_jako", "Tuen tarpeen arviointi ja jakaminen", "Lane_tyopari"),
                A.CASE_ASSIGNED,
                Role.SOCIAL_WORKER,
                ("nelikentta",),
                "aikuissosiaalityo",
            ),
            Step(
                _n("Task_pta", "Palvelutarpeen arviointi", "Lane_vastuu"),
                A.ASSESSMENT_COMPLETED,
                Role.SOCIAL_WORKER,
                ("shl",),
            ),
            Step(
                _n(
                    "Task_suunnitelma",
                    "Asiakassuunnitelma, palvelut ja toimenpiteet",
                    "Lane_vastuu",
                ),
                A.PLAN_MADE,
                Role.SOCIAL_WORKER,
                ("shl",),
                "ktt",
            ),
            Step(
                _n("Task_paattaminen", "Arviointi ja asiakkuuden päättäminen", "Lane_vastuu"),
                A.CASE_CLOSED,
                Role.SOCIAL_WORKER,
            ),
            Step(_n("End_paattynyt", "Asiakkuus päättynyt", "Lane_vastuu", "endEvent")),
        ),
        fields=dict(
            goal="Turvata sosiaalipalvelujen saatavuus, kohdentaa sosiaalityöntekijän "
            "erityisasiantuntemus erityisen tuen tarpeessa oleville asiakkaille ja tehdä "
            "sosiaaliohjaustyön merkitys näkyväksi.",
            customers="Työikäiset asiakkaat, jotka ottavat itse yhteyttä tai joista tulee "
            "sosiaalihuoltolain mukainen ilmoitus tai hakemus.",
            critical_success_factors="Palveluohjauksen ensikontakti määrittää ohjautumisen. "
            "Päivystävä työpari jakaa vireilletulot viikoittain tuen tarpeen mukaan. "
            "Työparityö ja konsultaatio ovat käytettävissä koko prosessin ajan.",
            metrics="Ilmoitusten, palvelutarpeen arviointien, asiakassuunnitelmien ja "
            "asiakkuuksien päättämisten määrät viikoittain; työmäärä työntekijää kohden; "
            "palvelutarpeen arvioinnin aloitus 7 arkipäivässä.",
            quality_requirements="Lakisääteiset määräajat pitävät; kiireellinen asia "
            "käsitellään viipymättä; jokainen vaihe kirjataan.",
            inputs="Yhteydenotto, ilmoitus tai hakemus; asiakkaan suostumus "
            "tietojen hankkimiseen tarvittaessa.",
            actors="Palveluohjaajat, sosiaaliohjaajat, sosiaalityöntekijät, esihenkilö; "
            "Kela, TE-palvelut, terveydenhuolto ja järjestöt.",
            outputs="Ohjaus ja neuvonta, palvelutarpeen arviointi, asiakassuunnitelma, "
            "palvelut ja päätökset.",
            information_systems="Porras (asiakastyö, tapahtumaloki, käyttöloki).",
            support_material="Sosiaalihuoltolaki 1301/2014; tuen tarpeen nelikenttä; "
            "kiireellisyyden arvioinnin työohje.",
        ),
        documents=("shl", "asema", "asiakastiedot"),
    ),
    SeedProcess(
        key="palveluohjaus",
        title="Palveluohjaus: vireilletulo ja ensikontakti",
        level=ProcessLevel.SUB,
        parent="porrastettu",
        lanes=(),
        steps=(
            Step(_n("Start_asia", "Asia tulee vireille", "", "startEvent")),
            Step(_n("Task_kirjaa", "Kirjaa vireilletulo", ""), A.INTAKE_RECEIVED, Role.GUIDANCE),
            Step(_n("Task_ota", "Ota asia jonosta", ""), A.INTAKE_CLAIMED, Role.GUIDANCE),
            Step(
                _n("Task_yhteys", "Ota yhteyttä asiakkaaseen", ""),
                A.INTAKE_CONTACT_ATTEMPTED,
                Role.GUIDANCE,
            ),
            Step(
                _n("Task_kiire", "Arvioi kiireellisyys", ""),
                A.INTAKE_URGENCY_ASSESSED,
                Role.GUIDANCE,
                ("kiire",),
            ),
            Step(
                _n("Task_motivaatio", "Selvitä halu ottaa palvelua vastaan", ""),
                A.INTAKE_MOTIVATION_ASSESSED,
                Role.GUIDANCE,
            ),
            Step(
                _n("Task_neuvonta", "Anna ohjaus ja neuvonta", ""),
                A.INTAKE_GUIDANCE_GIVEN,
                Role.GUIDANCE,
            ),
            Step(
                _n(
                    "Gateway_jatko",
                    "Tarvitaanko sosiaalihuollon palvelua?",
                    "",
                    "exclusiveGateway",
                    ("ei", "End_suljettu", "Asia suljettu palveluohjauksessa"),
                )
            ),
            Step(
                _n("Task_taydennys", "Pyydä hakemuksen täydennys tarvittaessa", ""),
                A.INTAKE_COMPLETION_REQUESTED,
                Role.GUIDANCE,
            ),
            Step(
                _n("Task_siirra", "Siirrä päivystävälle työparille", ""),
                A.INTAKE_FORWARDED,
                Role.GUIDANCE,
            ),
            Step(_n("End_jakoon", "Siirretty jakoon", "", "endEvent")),
        ),
        fields=dict(
            goal="Palveluohjaus on ikkuna työikäisten sosiaalipalveluihin: asiakkaan "
            "tilanne kartoitetaan vireilletulossa, kiireellisyys arvioidaan ja valtaosa "
            "asioista ratkeaa ohjauksella ja neuvonnalla.",
            customers="Yhteyttä ottavat työikäiset ja heistä ilmoituksen tehneet.",
            metrics="Vireilletuloista palveluohjauksessa ratkenneiden osuus; aika "
            "vireilletulosta ensikontaktiin; käyttämättä jääneet vastaanottoajat.",
            quality_requirements="Asiakkaaseen otetaan yhteyttä; kiireellisyys arvioidaan "
            "jokaisesta asiasta; ohjaus kirjataan.",
            actors="Palveluohjaajat; Kela ja järjestöt, joihin asiakasta ohjataan.",
            outputs="Ohjaus ja neuvonta, ohjaus toiseen palveluun tai siirto jakoon.",
            support_material="Kiireellisyyden arvioinnin työohje; sosiaalihuoltolaki 35 § "
            "(yhteydenotto) ja 36 § (kiireellisyyden arviointi).",
        ),
        documents=("shl",),
    ),
    SeedProcess(
        key="aikuissosiaalityo",
        title="Aikuissosiaalityön asiakasprosessi",
        level=ProcessLevel.SUB,
        parent="porrastettu",
        lanes=(("Lane_tyopari", "Päivystävä työpari"), ("Lane_vastuu", "Vastuutyöntekijä")),
        steps=(
            Step(_n("Start_jako", "Asia siirretty jakoon", "Lane_tyopari", "startEvent")),
            Step(
                _n("Task_nelikentta", "Arvioi tuen tarve nelikentällä", "Lane_tyopari"),
                A.CASE_SUPPORT_NEED_ASSESSED,
                Role.SOCIAL_WORKER,
                ("nelikentta",),
            ),
            Step(
                _n("Task_jaa", "Jaa vastuutyöntekijälle", "Lane_tyopari"),
                A.CASE_ASSIGNED,
                Role.SOCIAL_WORKER,
            ),
            Step(
                _n("Task_tapaaminen", "Sovi ensitapaaminen asiakkaan kanssa", "Lane_vastuu"),
                A.APPOINTMENT_KEPT,
                Role.SOCIAL_WORKER,
            ),
            Step(
                _n("Task_pta", "Tee palvelutarpeen arviointi", "Lane_vastuu"),
                A.ASSESSMENT_COMPLETED,
                Role.SOCIAL_WORKER,
                ("shl",),
            ),
            Step(
                _n("Task_konsultoi", "Konsultoi tai tee työparityötä tarvittaessa", "Lane_vastuu"),
                A.CASE_CONSULTATION_ASKED,
                Role.COUNSELLOR,
            ),
            Step(
                _n("Task_tyonjako", "Arvioi työnjako uudelleen", "Lane_vastuu"),
                A.CASE_REASSIGNED,
                Role.SOCIAL_WORKER,
                ("nelikentta",),
            ),
            Step(
                _n("Task_suunnitelma", "Laadi asiakassuunnitelma", "Lane_vastuu"),
                A.PLAN_MADE,
                Role.SOCIAL_WORKER,
                ("shl",),
            ),
            Step(
                _n("Task_palvelut", "Järjestä palvelut ja toimenpiteet", "Lane_vastuu"),
                A.PACKAGE_STARTED,
                Role.SOCIAL_WORKER,
                (),
                "ktt",
            ),
            Step(
                _n("Task_tarkistus", "Tarkista asiakassuunnitelma", "Lane_vastuu"),
                A.PLAN_REVIEWED,
                Role.SOCIAL_WORKER,
                ("shl",),
            ),
            Step(
                _n("Task_paata", "Arvioi ja päätä asiakkuus", "Lane_vastuu"),
                A.CASE_CLOSED,
                Role.SOCIAL_WORKER,
            ),
            Step(_n("End_paatetty", "Asiakkuus päätetty", "Lane_vastuu", "endEvent")),
        ),
        fields=dict(
            goal="Suunnitelmallinen sosiaalityö ja sosiaaliohjaus asiakkaan tuen tarpeen "
            "mukaan: oikea työntekijä, arvioitu palvelutarve ja yhdessä laadittu suunnitelma.",
            customers="Työikäiset, joiden asia on siirretty palveluohjauksesta jakoon.",
            metrics="Palvelutarpeen arviointien ja asiakassuunnitelmien määrät; aika "
            "jakamisesta ensimmäiseen toteutuneeseen tapaamiseen; käyttämättä jääneet ajat; "
            "tarkistamatta jääneet suunnitelmat; työnjaon muutokset; konsultaatiot.",
            quality_requirements="Palvelutarpeen arviointi aloitetaan 7 arkipäivässä, kun "
            "asiakas on yli 75-vuotias tai erityisen tuen tarpeessa; asiakassuunnitelma "
            "tehdään, ellei se ole ilmeisen tarpeeton, ja tarkistetaan vähintään kerran vuodessa.",
            actors="Päivystävä työpari, sosiaalityöntekijät ja sosiaaliohjaajat; "
            "terveydenhuolto, TE-palvelut, Kela.",
            outputs="Palvelutarpeen arviointi, asiakassuunnitelma, päätökset ja palvelut.",
            support_material="Sosiaalihuoltolaki 36 ja 39 §; tuen tarpeen nelikenttä; "
            "palvelupaketit (ohjaus, tehostettu, kuntouttava, työllistymistä tukeva).",
        ),
        documents=("shl", "asema"),
    ),
    SeedProcess(
        key="ktt",
        title="Kuntouttavan työtoiminnan polku",
        level=ProcessLevel.SUB,
        parent="aikuissosiaalityo",
        lanes=(("Lane_sosiaaliohjaus", "Sosiaaliohjaaja"), ("Lane_tyotoiminta", "Työtoiminta")),
        steps=(
            Step(
                _n("Start_tarve", "Aktivoinnin tarve todettu", "Lane_sosiaaliohjaus", "startEvent")
            ),
            Step(
                _n(
                    "Task_aktivointi",
                    "Laadi aktivointisuunnitelma TE-palvelujen kanssa",
                    "Lane_sosiaaliohjaus",
                ),
                A.ACTIVATION_PLAN_MADE,
                Role.COUNSELLOR,
                ("ktt",),
            ),
            Step(
                _n(
                    "Task_paatos", "Tee päätös kuntouttavasta työtoiminnasta", "Lane_sosiaaliohjaus"
                ),
                A.DECISION_MADE,
                Role.SOCIAL_WORKER,
                ("ktt",),
            ),
            Step(
                _n("Task_aloitus", "Sovi työtoimintapaikka ja aloitus", "Lane_sosiaaliohjaus"),
                A.WORK_PLAN_MADE,
                Role.COUNSELLOR,
            ),
            Step(
                _n("Task_lasnaolo", "Kirjaa läsnäolot ja poissaolot", "Lane_tyotoiminta"),
                A.ATTENDANCE_RECORDED,
                Role.ORGANISER,
            ),
            Step(
                _n(
                    "Task_valiarvio",
                    "Väliarviointi: palaute, itsearviointi ja suunnitelman tarkistus",
                    "Lane_sosiaaliohjaus",
                ),
                A.MID_EVALUATION_HELD,
                Role.COUNSELLOR,
            ),
            Step(
                _n("Task_paata", "Päätä jakso ja tee jatkosuunnitelma", "Lane_sosiaaliohjaus"),
                A.WORK_ACTIVITY_ENDED,
                Role.COUNSELLOR,
            ),
            Step(_n("End_jakso", "Jakso päättynyt", "Lane_sosiaaliohjaus", "endEvent")),
        ),
        fields=dict(
            goal="Parantaa asiakkaan elämänhallintaa ja toimintakykyä sekä edistää "
            "työllistymistä yksilöllisen suunnitelman mukaan.",
            customers="Pitkään työttömänä olleet työikäiset, joille kuntouttava työtoiminta "
            "on aktivointisuunnitelmassa sovittu.",
            metrics="Aloitetut ja päättyneet jaksot; läsnäoloprosentti; keskeytysten syyt; "
            "jatkosuunnitelmat.",
            quality_requirements="Poissaolon syy ilmoitetaan heti; työnantaja ilmoittaa "
            "sosiaaliohjaajalle, joka ilmoittaa tarvittaessa TE-toimistoon.",
            actors="Sosiaaliohjaaja, sosiaalityöntekijä, työtoiminnan järjestäjä, TE-palvelut.",
            outputs="Aktivointisuunnitelma, päätös, läsnäolokirjaukset, palaute ja "
            "jatkosuunnitelma.",
            support_material="Laki kuntouttavasta työtoiminnasta 189/2001.",
        ),
        documents=("ktt",),
    ),
    SeedProcess(
        key="toimeentulotuki",
        title="Kirjallisen toimeentulotukihakemuksen käsittely",
        level=ProcessLevel.SUB,
        lanes=(("Lane_etuus", "Etuuskäsittely"), ("Lane_sosiaalityo", "Sosiaalityö")),
        steps=(
            Step(_n("Start_hakemus", "Hakemus saapuu", "Lane_etuus", "startEvent")),
            Step(
                _n("Task_kirjaa", "Kirjaa hakemus vireille", "Lane_etuus"),
                A.INTAKE_RECEIVED,
                Role.BENEFIT_HANDLER,
                ("hakemus",),
            ),
            Step(
                _n("Task_liitteet", "Tarkista liitteet ja pyydä täydennys", "Lane_etuus"),
                A.INTAKE_COMPLETION_REQUESTED,
                Role.BENEFIT_HANDLER,
                ("hakemus",),
            ),
            Step(
                _n("Task_laske", "Laske tuki ja valmistele päätös", "Lane_etuus"),
                "",
                Role.BENEFIT_HANDLER,
                ("tttl",),
            ),
            Step(
                _n(
                    "Gateway_arvio",
                    "Tarvitaanko sosiaalityön arviota?",
                    "Lane_etuus",
                    "exclusiveGateway",
                    ("ei", "End_paatos", "Päätös annettu"),
                )
            ),
            Step(
                _n("Task_ohjaa", "Ohjaa sosiaalityöhön", "Lane_etuus"),
                A.INTAKE_FORWARDED,
                Role.BENEFIT_HANDLER,
            ),
            Step(
                _n("Task_keskustelu", "Henkilökohtainen keskustelu", "Lane_sosiaalityo"),
                "",
                Role.SOCIAL_WORKER,
                ("tttl",),
                "aikuissosiaalityo",
            ),
            Step(_n("End_sosiaalityo", "Asiakkuus sosiaalityössä", "Lane_sosiaalityo", "endEvent")),
        ),
        fields=dict(
            goal="Hakemukset käsitellään yhdessä alueellisessa jonossa yhtäläisin "
            "käsittelyaikatavoittein, ja sosiaalityön tarve tunnistetaan.",
            customers="Täydentävää tai ehkäisevää toimeentulotukea hakevat.",
            critical_success_factors="Selkeät kriteerit sille, milloin asia siirtyy "
            "sosiaalityöntekijälle; sähköiset hakemukset ja skannatut liitteet.",
            metrics="Käsittelyaika arkipäivinä; täydennyspyyntöjen osuus; sosiaalityöhön "
            "ohjattujen osuus.",
            quality_requirements="Päätös viimeistään 7. arkipäivänä, kun selvitykset ovat "
            "saapuneet; kiireellinen tuki samana tai seuraavana arkipäivänä.",
            inputs="Hakemus ja tarvittavat liitteet.",
            actors="Etuuskäsittelijät, sosiaalityöntekijät; Kela.",
            outputs="Päätös ja tarvittaessa ohjaus sosiaalityöhön.",
            support_material="Laki toimeentulotuesta 1412/1997 14, 14 a ja 14 e §.",
        ),
        documents=("tttl", "hakemus"),
    ),
)


CHAIN = SeedProcess(
    key="palveluketju",
    title="Palveluketju: toimeentulotuesta kuntouttavaan työtoimintaan",
    level=ProcessLevel.CHAIN,
    lanes=(),
    steps=(
        Step(_n("Start_hakemus", "Toimeentulotukihakemus", "", "startEvent")),
        Step(
            _n("Call_tttuki", "Hakemuksen käsittely", "", "callActivity"),
            "",
            Role.BENEFIT_HANDLER,
            (),
            "toimeentulotuki",
        ),
        Step(
            _n("Call_ohjaus", "Palveluohjaus", "", "callActivity"),
            "",
            Role.GUIDANCE,
            (),
            "palveluohjaus",
        ),
        Step(
            _n("Call_aikuis", "Aikuissosiaalityö", "", "callActivity"),
            "",
            Role.SOCIAL_WORKER,
            (),
            "aikuissosiaalityo",
        ),
        Step(
            _n("Call_ktt", "Kuntouttava työtoiminta", "", "callActivity"),
            "",
            Role.COUNSELLOR,
            (),
            "ktt",
        ),
        Step(_n("End_tyo", "Työllistyminen tai jatkosuunnitelma", "", "endEvent")),
    ),
    fields=dict(
        goal="Koota yhden asiakkaan polku osaprosesseista: toimeentulotukihakemuksesta "
        "sosiaalityön arvioon ja kuntouttavaan työtoimintaan.",
        customers="Pitkään työttömänä olleet toimeentulotuen hakijat.",
        metrics="Polun läpimenoaika; osaprosessista toiseen siirtyneiden osuus.",
        actors="Etuuskäsittely, palveluohjaus, sosiaalityö, sosiaaliohjaus, TE-palvelut.",
        outputs="Asiakassuunnitelma ja kuntouttavan työtoiminnan jakso.",
    ),
    documents=("tttl", "ktt"),
)
SEED = (*SEED, CHAIN)


def load(*, county, owner: Worker, checker: Worker) -> list[Process]:
    """Create the shipped documents and processes in `county` and take each through the
    approval path (checked by `checker`, approved and published by `owner`). Processes
    that already exist by title are left as they are."""
    if Process.objects.filter(county=county, title__in=[s.title for s in SEED]).exists():
        return []
    with transaction.atomic():
        documents = {
            key: _document(county, owner, checker, spec) for key, spec in DOCUMENTS.items()
        }
        created: dict[str, Process] = {}
        for spec in SEED:
            created[spec.key] = _process(county, owner, spec, documents, created)
        for spec in SEED:
            _map_steps(created[spec.key], spec, documents, created, owner)
        for process in created.values():
            _publish(process, owner, checker)
    return list(created.values())


class _Unchanged(Exception):
    """Raised inside a savepoint to drop a draft that turned out the same as before."""


def propose_update(*, county, acting_user: Worker) -> list:
    """Draft new versions of the shipped documents and processes whose text, diagram or
    mapped activity codes changed in this release, for a county that loaded an earlier
    one. Nothing is published: the drafts go through the county's own approval path. A
    version someone is already preparing is left to them. Returns the drafts made."""
    drafts = []
    with transaction.atomic():
        documents = {}
        for key, spec in DOCUMENTS.items():
            documents[key], draft = _propose_document(county, acting_user, spec)
            drafts += [draft] if draft else []
        processes = {}
        for spec in SEED:
            processes[spec.key] = _newest(Process, county, spec.title)
        for spec in SEED:
            current = processes[spec.key]
            if current is None:
                created = _process(county, acting_user, spec, documents, processes)
                processes[spec.key] = created
                _map_steps(created, spec, documents, processes, acting_user)
                drafts.append(created)
            elif current.status == ProcessStatus.PUBLISHED:
                draft = _propose_process(current, spec, documents, processes, acting_user)
                drafts += [draft] if draft else []
    return drafts


def _newest(model, county, title):
    return model.objects.filter(county=county, title=title).order_by("-version").first()


def _propose_document(county, user, spec) -> tuple:
    current = _newest(Document, county, spec["title"])
    if current is None:
        created = services.document_create(county=county, acting_user=user, owner=user, **spec)
        return created, created
    changed = {k: v for k, v in spec.items() if getattr(current, k) != v}
    if not changed or current.status != ProcessStatus.PUBLISHED:
        return current, None
    draft = services.new_version(obj=current, acting_user=user)
    return services.document_update(
        document=draft, acting_user=user, expected_revision=None, **changed
    ), draft


def _fingerprint(process: Process) -> tuple:
    tasks = sorted((t.id, t.name) for t in bpmn.read(bytes(process.diagram.content)).tasks)
    mappings = sorted(
        (
            m.element_id,
            m.activity,
            m.performer_role,
            str(m.called_lineage or ""),
            *sorted(d.title for d in m.documents.all()),
        )
        for m in process.task_mappings.all()
    )
    fields = tuple(getattr(process, name) for name in QPR_FIELDS)
    documents = tuple(sorted(d.title for d in process.documents.all()))
    return tasks, tuple(mappings), fields, documents


def _propose_process(current, spec: SeedProcess, documents, processes, user):
    try:
        with transaction.atomic():
            draft = services.new_version(obj=current, acting_user=user)
            services.diagram_save(
                process=draft, content=_diagram(spec), acting_user=user, expected_revision=None
            )
            draft = services.process_update(
                process=draft,
                acting_user=user,
                expected_revision=None,
                documents=[documents[key] for key in spec.documents],
                **spec.fields,
            )
            _map_steps(draft, spec, documents, processes, user)
            if _fingerprint(draft) == _fingerprint(current):
                raise _Unchanged
            return draft
    except _Unchanged:
        return None


def _publish(obj, owner, checker) -> None:
    for status, actor in (
        (ProcessStatus.CHECKED, checker),
        (ProcessStatus.APPROVED, owner),
        (ProcessStatus.PUBLISHED, owner),
    ):
        obj = services.move(obj=obj, to_status=status, acting_user=actor, expected_revision=None)


def _document(county, owner, checker, spec) -> Document:
    document = services.document_create(county=county, acting_user=owner, owner=owner, **spec)
    _publish(document, owner, checker)
    return Document.objects.get(pk=document.pk)


def _diagram(spec: SeedProcess) -> bytes:
    return bpmn.build(
        definitions_id=f"Definitions_{spec.key}",
        process_id=f"Process_{spec.key}",
        name=spec.title,
        nodes=[step.node for step in spec.steps],
        lanes=list(spec.lanes),
    )


def _process(county, owner, spec: SeedProcess, documents, created) -> Process:
    process = services.process_import(
        county=county,
        content=_diagram(spec),
        title=spec.title,
        file_name=f"{spec.key}.bpmn",
        acting_user=owner,
    )
    return services.process_update(
        process=process,
        acting_user=owner,
        expected_revision=None,
        documents=[documents[key] for key in spec.documents],
        level=spec.level,
        owner=owner,
        parent=created.get(spec.parent),
        **spec.fields,
    )


def _map_steps(process, spec: SeedProcess, documents, created, owner) -> None:
    for step in spec.steps:
        detailed = created.get(step.detailed_in)
        if not (step.activity or step.performer or step.documents or detailed):
            continue
        services.task_map(
            process=process,
            element_id=step.node.id,
            activity=step.activity,
            performer_role=step.performer,
            documents=[documents[key] for key in step.documents],
            called_lineage=detailed.lineage if detailed else None,
            acting_user=owner,
        )
