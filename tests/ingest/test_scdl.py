"""SCDL « subventions » files through the import: detection, matching by SIREN, the events they
give, overlap with the ledger, apply / re-import / revert, and the command line's options."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from tests.ingest.bases import IMPORTS, cli, empreinte, lire_base, table
from tid import db, filtres, ingest
from tid.ingest import OptionsImport
from tid.ingest.fichier import lire
from tid.ingest.scdl import version_scdl

SCDL = IMPORTS / "scdl"
FICHIER_2X = SCDL / "subventions_2.1.1.csv"
FICHIER_11 = SCDL / "subventions_1.1.csv"
ADRESSE = "https://example.org/donnees/subventions-cdc.csv"
TID = OptionsImport("TID", ADRESSE)
DIAT = OptionsImport("DIAT", ADRESSE)
ENTETE_2X = FICHIER_2X.read_text("utf-8").splitlines()[0]
ATTRIBUANT = "Caisse des dépôts et consignations,18002002600019"


def apercu(base: Path, contenu: bytes | Path, options=TID, nom: str = "subventions.csv"):
    if isinstance(contenu, Path):
        contenu, nom = contenu.read_bytes(), contenu.name
    return ingest.preparer(contenu, nom, base, options)


def scdl_2x(*lignes: str) -> bytes:
    """A 2.1.1 file: the fixture's header, then `lignes` (after the granting body's columns)."""
    return "\r\n".join([ENTETE_2X, *(f"{ATTRIBUANT},{ligne}" for ligne in lignes), ""]).encode()


def ligne_2x(jour, beneficiaire, siret, montant, part, reference="", objet="Essai") -> str:
    return (
        f"{jour},{reference},{beneficiaire},{siret},,{objet},{montant},aide en numéraire,unique,"
        f"{jour},,non,{part},"
    )


def evenements(plan) -> list[tuple]:
    return [
        (m["projet_id"], m["nature"], m["date_mouvement"], m["montant_eur"])
        for m in plan.mouvements_ajoutes
    ]


def textes(problemes) -> list[str]:
    return [p.texte() for p in problemes]


def kpi(base: Path) -> dict:
    """The home page's figures (« non publié » read as None, so that two of them compare)."""
    ligne = lire_base(base, "kpi", **filtres.aucun()).iloc[0]
    return {cle: None if pd.isna(valeur) else valeur for cle, valeur in ligne.items()}


@pytest.mark.parametrize(
    ("entete", "version"),
    [
        (ENTETE_2X, "2.x"),
        (FICHIER_11.read_text("utf-8").splitlines()[0], "1.1"),
        # 2.1.0's extra column, and a header whose required column is missing: still SCDL
        ("nomAttribuant,idAttribuant,dateConvention,montant,multifinanceur", "2.x"),
        ("nomattribuant,idattribuant,nombeneficiaire,objet,montant,nature", "1.1"),
        # our own files, « nature » and « montant_eur » included, are not SCDL
        ("projet_id,nature,date_mouvement,montant_eur,source_url", None),
        ("projet_id,nomattribuant,idattribuant,dateconvention", None),
        ("montant,objet,nature,idrae", None),
    ],
)
def test_a_scdl_file_is_told_by_its_columns(entete, version):
    lecture = lire(f"{entete}\r\n{','.join('x' * entete.count(','))}x\r\n".encode(), "f.csv")
    assert version_scdl(lecture.colonnes) == version


def test_matched_rows_become_an_attribution_and_a_convention(base_seed):
    plan = apercu(base_seed, FICHIER_2X)
    assert plan.erreurs == []
    assert plan.scdl.version == "2.x"
    assert (plan.scdl.rattachees, plan.scdl.ecartees) == (4, 2)
    # lorient: 1 000 000,50 × 0,5; bfc: its published 2 300 000 unchanged, convention added;
    # lyon: the TID laureate of that SIREN only; grandest: both events already in the ledger
    assert evenements(plan) == [
        ("tid2-lorient", "attribution", date(2024, 1, 10), 500_000.25),
        ("tid2-lorient", "convention", date(2024, 1, 10), None),
        ("tid2-bfc", "convention", date(2024, 3, 15), None),
        ("tid2-lyon", "attribution", date(2024, 2, 1), 1_200_000.0),
        ("tid2-lyon", "convention", date(2024, 2, 1), None),
    ]
    assert plan.inchanges == 3
    assert {m["source_url"] for m in plan.mouvements_ajoutes} == {ADRESSE}
    attribution, convention = plan.mouvements_ajoutes[:2]
    assert attribution["notes"].startswith(
        "SCDL subventions_2.1.1.csv, ligne 2 ; référence de décision DEC-2024-017 ; objet : "
        "France 2030, appel à projets « Territoires intelligents et durables » : essai ; "
        "montant × pourcentageSubvention = 1000000.50 × 0.5"
    )
    assert "ne publie pas la date de la décision" in attribution["notes"]
    assert "référence de décision non renseignée" in plan.mouvements_ajoutes[2]["notes"]
    assert "non publié" in convention["notes"]
    # the rows of other beneficiaries: listed, never checked further (row 5's cells are junk)
    assert textes(plan.avertissements) == [
        "Ligne 5, colonne « idBeneficiaire » : aucun lauréat TID n'a le SIREN 123456789 "
        "(« Association sans rapport ») : ligne non importée.",
        "Ligne 6, colonne « idBeneficiaire » : « Commune sans SIRET » sans SIRET : rien ne "
        "rattache la ligne à un lauréat, elle n'est pas importée.",
    ]


def test_a_1_1_file_with_a_comma_decimal_share(base_seed):
    plan = apercu(base_seed, FICHIER_11)
    assert plan.erreurs == []
    assert plan.scdl.version == "1.1"
    assert evenements(plan) == [
        ("tid2-loire", "convention", date(2024, 6, 20), None),
        ("tid2-rennes", "attribution", date(2024, 4, 11), 600_000.0),
        ("tid2-rennes", "convention", date(2024, 4, 11), None),
    ]
    assert plan.inchanges == 1  # loire's published 2 000 000
    assert [p.ligne for p in plan.avertissements] == [4]


def test_a_siren_in_both_programmes_is_matched_in_the_chosen_one_only(base_seed):
    """Métropole de Lyon (200046977) is a laureate of TID and of DIAT."""
    en_tid = {m["projet_id"] for m in apercu(base_seed, FICHIER_2X, TID).mouvements_ajoutes}
    assert "tid2-lyon" in en_tid and "diat2-lyon" not in en_tid
    en_diat = apercu(base_seed, FICHIER_2X, DIAT)
    assert en_diat.mouvements_ajoutes == []
    assert (en_diat.scdl.rattachees, en_diat.scdl.ecartees) == (1, 5)
    # diat2-lyon holds another amount and another convention date: both listed, not imported
    assert textes(p for p in en_diat.avertissements if p.ligne == 4) == [
        "Ligne 4, colonne « montant » : « diat2-lyon » a déjà un attribué publié de "
        "1\u202f580\u202f000,00\xa0€ ; le fichier SCDL donne 1\u202f200\u202f000,00\xa0€ : "
        "attribution non importée. Une correction passe par une ligne d'annulation "
        "(annule_mouvement_id) dans un fichier de mouvements.",
        "Ligne 4, colonne « dateConvention » : « diat2-lyon » a déjà une convention du "
        "22/05/2025 ; le fichier SCDL la date du 01/02/2024 : convention non importée. Une "
        "correction passe par une ligne d'annulation (annule_mouvement_id) dans un fichier de "
        "mouvements.",
    ]


def test_two_laureates_with_one_siren_is_listed_never_guessed(base):
    correction = b"projet_id;siren_porteur\r\ntid1-sdef29;200053726\r\n"
    ingest.appliquer(correction, "siren.csv", "test", base)
    plan = apercu(base, FICHIER_2X)
    assert "tid2-bfc" not in {m["projet_id"] for m in plan.mouvements_ajoutes}
    assert (
        "Ligne 3, colonne « idBeneficiaire » : plusieurs lauréats TID ont le SIREN 200053726 "
        "(tid1-sdef29, tid2-bfc) : ligne non importée" in " ".join(textes(plan.avertissements))
    )


def test_another_amount_than_the_ledger_is_a_conflict_not_an_import(base_seed):
    contenu = scdl_2x(ligne_2x("2023-05-16", "Région Grand Est", "20005226400011", 2000000, 1))
    plan = apercu(base_seed, contenu)
    assert plan.erreurs == [] and plan.mouvements_ajoutes == []
    assert plan.inchanges == 1  # the convention of 16/05/2023
    (conflit,) = plan.avertissements
    assert (conflit.ligne, conflit.colonne) == (2, "montant")
    assert "2\u202f600\u202f000,00\xa0€" in conflit.message
    assert "2\u202f000\u202f000,00\xa0€" in conflit.message


def test_a_file_made_from_the_base_adds_nothing_to_it(base_seed):
    """Every laureate with a SIREN, a published attribution and one convention, written back in
    SCDL: read again into the base it came from, nothing is new."""
    con = db.connect(base_seed, read_only=True)
    try:
        projets = con.table("projet").df().set_index("projet_id")
        registre = con.table("mouvement_net").df()
        montants = db.run(con, "ingest/montants_projets", ids=list(projets.index))
    finally:
        con.close()
    for programme, options in (("TID", TID), ("DIAT", DIAT)):
        lignes = []
        for r in montants.itertuples():
            conventions = registre[
                (registre["projet_id"] == r.projet_id)
                & (registre["nature"] == "convention")
                & registre["est_effectif"]
            ]
            projet = projets.loc[r.projet_id]
            if projet["programme_id"] != programme or len(conventions) != 1:
                continue
            if pd.isna(projet["siren_porteur"]) or pd.isna(r.montant_attribue_eur):
                continue
            jour = conventions["date_mouvement"].iloc[0].date().isoformat()
            lignes.append(
                ligne_2x(jour, "Lauréat", projet["siren_porteur"], r.montant_attribue_eur, 1)
            )
        assert lignes, programme  # grandest in TID, lyon in DIAT: the test tests something
        plan = apercu(base_seed, scdl_2x(*lignes), options)
        assert plan.erreurs == [] and plan.avertissements == []
        assert plan.rien_a_faire and plan.inchanges == 2 * len(lignes)


def test_apply_then_reimport_adds_nothing_then_revert_restores_the_totals(base, capsys):
    avant = kpi(base)
    code, sortie, _ = cli(
        capsys, "import", FICHIER_2X, "--db", base, "--programme", "TID", "--source-url",
        ADRESSE, "--accepter-avertissements",
    )  # fmt: skip
    assert code == 0, sortie
    assert "fichier SCDL « subventions » (version détectée 2.x)" in sortie
    assert "4 lignes rattachées à un lauréat TID" in sortie
    assert "Import appliqué : lot n° 2." in sortie
    apres = kpi(base)
    assert apres["montant_attribue_eur"] == pytest.approx(
        avant["montant_attribue_eur"] + 500_000.25 + 1_200_000
    )
    lots = table(base, "import_lot")
    assert lots["nom_fichier"].iloc[-1] == "subventions_2.1.1.csv"
    registre = table(base, "mouvement")
    assert (registre["import_id"] == 2).sum() == 5

    code, sortie, _ = cli(
        capsys, "import", FICHIER_2X, "--db", base, "--programme", "TID", "--source-url",
        ADRESSE, "--accepter-avertissements",
    )  # fmt: skip
    assert code == 0
    assert "Rien à importer" in sortie and "inchangées : 8" in sortie
    assert len(table(base, "mouvement")) == len(registre)

    code, sortie, _ = cli(capsys, "revert", 2, "--db", base)
    assert code == 0, sortie
    assert kpi(base) == avant


def test_apply_reads_the_file_again_with_the_same_options(base):
    avant = empreinte(base)
    with pytest.raises(ingest.ImportRefuse) as refus:
        ingest.appliquer(FICHIER_11.read_bytes(), FICHIER_11.name, "test", base)
    assert "choisissez le programme" in str(refus.value)
    assert empreinte(base) == avant
    acceptes = textes(apercu(base, FICHIER_11).avertissements)
    _, plan = ingest.appliquer(
        FICHIER_11.read_bytes(), FICHIER_11.name, "test", base, acceptes, TID
    )
    assert len(plan.mouvements_ajoutes) == 3
    assert ingest.resume(plan) == "3 mouvement(s) ajouté(s), 1 déjà présent(s)"


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("1.5", "part du montant hors limites « 1.5 » : entre 0,01 et 1"),
        ("50", "part du montant hors limites « 50 » : entre 0,01 et 1"),
        ("0.001", "part du montant hors limites « 0.001 »"),
        ("", "valeur obligatoire (part du montant pour ce bénéficiaire, 0,01 à 1)."),
        ("moitié", "nombre illisible « moitié »"),
    ],
)
def test_a_bad_share_in_a_matched_row_is_an_error_naming_row_and_column(base_seed, part, message):
    contenu = scdl_2x(
        ligne_2x("2024-01-10", "Lorient Agglomération", "20004217400019", 1000, 1),
        ligne_2x("2024-02-01", "Métropole de Lyon", "20004697700019", 1000, part),
    )
    (erreur,) = apercu(base_seed, contenu).erreurs
    assert (erreur.ligne, erreur.colonne) == (3, "pourcentageSubvention")
    assert message in erreur.message


@pytest.mark.parametrize(
    ("jour", "montant", "colonne", "message"),
    [
        ("16/13/2024", "1000", "dateConvention", "date illisible « 16/13/2024 »"),
        ("", "1000", "dateConvention", "valeur obligatoire (date de la convention)"),
        ("2024-01-10", "-5", "montant", "un montant ne peut pas être négatif"),
        ("2024-01-10", "mille", "montant", "montant illisible « mille »"),
        # the ledger rules still apply, named by the SCDL column the value comes from
        ("2024-01-10", "40000000", "montant", "dépasse à lui seul l'enveloppe du programme TID"),
    ],
)
def test_a_bad_cell_in_a_matched_row_is_an_error(base_seed, jour, montant, colonne, message):
    contenu = scdl_2x(ligne_2x(jour, "Lorient Agglomération", "20004217400019", montant, 1))
    (erreur,) = apercu(base_seed, contenu).erreurs
    assert (erreur.ligne, erreur.colonne) == (2, colonne)
    assert message in erreur.message


def test_a_refused_file_leaves_the_base_byte_identical(base, tmp_path, capsys):
    fichier = tmp_path / "subventions.csv"
    fichier.write_bytes(FICHIER_2X.read_bytes().replace(b",non,0.5,", b",non,5,"))
    avant = empreinte(base)
    code, sortie, _ = cli(
        capsys, "import", fichier, "--db", base, "--programme", "TID", "--source-url", ADRESSE,
        "--accepter-avertissements",
    )  # fmt: skip
    assert code == 2
    assert "Ligne 2, colonne « pourcentageSubvention » : part du montant hors limites" in sortie
    assert empreinte(base) == avant


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ((), "précisez le programme que ses lignes concernent (--programme TID ou DIAT) et "
         "l'adresse publique où il est publié (--source-url https://…)"),
        (("--programme", "TID"), "précisez l'adresse publique où il est publié (--source-url"),
        (("--source-url", ADRESSE), "précisez le programme que ses lignes concernent"),
        (("--programme", "TID", "--source-url", "ftp://example.org/s.csv"),
         "--source-url : une adresse http:// ou https:// attendue, pas « ftp://example.org/s.csv"),
        (("--programme", "TID", "--source-url", "example.org/s.csv"),
         "--source-url : une adresse http:// ou https:// attendue"),
    ],
)  # fmt: skip
def test_the_command_line_needs_a_programme_and_a_public_address(base, capsys, options, message):
    avant = empreinte(base)
    code, sortie, erreurs = cli(capsys, "import", FICHIER_2X, "--db", base, *options)
    assert code == 2
    assert message in erreurs and "Traceback" not in erreurs + sortie
    assert empreinte(base) == avant


def test_an_unknown_programme_is_refused_in_french(base, capsys):
    code, sortie, _ = cli(
        capsys, "import", FICHIER_2X, "--db", base, "--programme", "XYZ", "--source-url", ADRESSE
    )
    assert code == 2
    assert "programme inconnu « XYZ » (attendu : TID, DIAT)." in sortie


def test_the_scdl_options_are_refused_for_another_file(base, capsys):
    code, _, erreurs = cli(
        capsys, "import", IMPORTS / "versements_excel_fr.csv", "--db", base, "--programme", "TID"
    )
    assert code == 2
    assert "ne servent qu'à un fichier SCDL « subventions »" in erreurs


def test_a_missing_required_column_is_named_and_a_foreign_one_ignored_with_a_warning(base_seed):
    sans_part = FICHIER_11.read_text("utf-8").replace(",pourcentageSubvention", ",multifinanceur")
    (erreur,) = apercu(base_seed, sans_part.encode(), TID).erreurs
    assert erreur.texte() == (
        "Ligne 1, colonne « pourcentageSubvention » : colonne obligatoire absente "
        "« pourcentageSubvention » (fichier SCDL « subventions »)."
    )
    # a column the schema does not have (publishers add their own): ignored, said as a warning
    inconnue = FICHIER_11.read_text("utf-8").replace(",idRAE,", ",idRAEE,")
    plan = apercu(base_seed, inconnue.encode(), TID)
    assert plan.erreurs == []
    (hors_schema,) = [p for p in plan.avertissements if p.ligne == 1]
    assert hors_schema.colonne == "idraee" and "ignorée" in hors_schema.message
    assert len(plan.mouvements_ajoutes) == len(
        apercu(base_seed, FICHIER_11.read_bytes(), TID).mouvements_ajoutes
    )


def test_another_granting_body_is_pointed_out(base_seed):
    contenu = scdl_2x(
        ligne_2x("2024-01-10", "Lorient Agglomération", "20004217400019", 1000, 1)
    ).replace(ATTRIBUANT.encode(), b"Region Bretagne,23350001600040")
    plan = apercu(base_seed, contenu)
    assert len(plan.mouvements_ajoutes) == 2
    (avertissement,) = plan.avertissements
    assert avertissement.colonne == "idAttribuant"
    assert "« Caisse des dépôts et consignations » (18002002600019)" in avertissement.message


def test_an_xlsx_with_a_numeric_siret(base_seed):
    classeur = Workbook()
    for ligne in lire(FICHIER_2X.read_bytes(), FICHIER_2X.name).lignes[:1]:
        valeurs = dict(ligne[1])
        valeurs["idbeneficiaire"] = 20004217400019  # typed as a number in a spreadsheet
        valeurs["montant"] = 1000000.5
        valeurs["pourcentagesubvention"] = 0.5
        classeur.active.append(ENTETE_2X.split(","))
        classeur.active.append(list(valeurs.values()))
    tampon = io.BytesIO()
    classeur.save(tampon)
    plan = apercu(base_seed, tampon.getvalue(), nom="subventions.xlsx")
    assert evenements(plan)[0] == ("tid2-lorient", "attribution", date(2024, 1, 10), 500_000.25)
