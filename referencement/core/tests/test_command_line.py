"""The `referencement` command line (issue 17): French help for every command, French usage
errors, one data directory found or refused, errors that say what to type, progress lines."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

from referencement.cli import main
from referencement.cli_commands import BY_NAME, COMMANDS
from referencement.lib.data_dir import data_dir, repository_root

ENGLISH = ("usage:", "show this help", "positional arguments", "Show program", "error:")


@pytest.fixture
def parsers(monkeypatch) -> list[argparse.ArgumentParser]:
    """Every parser that parses a command line during the test."""
    seen = []
    original = argparse.ArgumentParser.parse_known_args

    def recording(self, *args, **kwargs):
        seen.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_known_args", recording)
    return seen


def test_the_top_level_help_lists_every_command_by_group(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for group in ("exploitation :", "catalogues :", "preuves :", "données :"):
        assert group in out
    for command in COMMANDS:
        assert re.search(rf"^  {re.escape(command.name)} +{re.escape(command.summary)}$", out, re.M)
    assert "codes de sortie" in out and "3  non vérifiable" in out
    assert "--traceback, sur toute commande, montre la trace Python" in out


def test_every_management_command_of_the_platform_is_in_the_top_level_help():
    ours = [name for name, app in get_commands().items() if str(app).startswith("referencement")]
    assert ours
    assert [name for name in ours if name.replace("_", "-") not in BY_NAME] == []


@pytest.mark.parametrize("name", [command.name for command in COMMANDS])
def test_every_command_help_is_french_with_help_on_every_option(name, capsys, parsers):
    assert main([name, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"utilisation : referencement {name} ")
    assert "afficher cette aide et quitter" in out
    assert "--traceback" in out and "afficher la trace complète d'une erreur" in out
    assert not [word for word in ENGLISH if word in out]
    parser = parsers[-1]
    assert parser.description
    undocumented = [
        action.dest
        for action in parser._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert undocumented == []


def test_a_missing_argument_is_a_french_usage_error(capsys):
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "erreur : arguments obligatoires manquants : FICHIER" in err
    assert main(["export-rem"]) == 2
    err = capsys.readouterr().err
    assert "referencement export-rem : erreur : arguments obligatoires manquants" in err
    assert not [word for word in ENGLISH if word in err]


def test_an_unknown_command_is_refused_in_french(capsys):
    assert main(["exporter"]) == 2
    assert "commande inconnue « exporter »" in capsys.readouterr().err


def _outside_the_repository(
    tmp_path: Path, *command: str, **environment: str
) -> subprocess.CompletedProcess:
    folder, home = tmp_path / "vide", tmp_path / "maison"
    folder.mkdir()
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REFERENCEMENT_", "DATABASE_URL", "XDG_"))
    }
    env["HOME"] = str(home)
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "referencement.cli", *command],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command, message",
    [
        (
            ["export-rem", "rem.xlsx", "--dispositif", "MS-DUI-Va2"],
            "erreur : base non initialisée : lancez `referencement serve` ou "
            "`referencement migrate`",
        ),
        (
            ["audit", "verify"],
            "erreur : base non initialisée : lancez `referencement serve` ou "
            "`referencement migrate`",
        ),
        (["validate", "absent.xml"], "erreur : fichier introuvable : absent.xml"),
    ],
)
def test_outside_the_repository_a_command_says_what_to_do_and_leaves_no_var(
    tmp_path, command, message
):
    run = _outside_the_repository(tmp_path, *command)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [message]
    assert "Traceback" not in run.stdout + run.stderr
    assert not (tmp_path / "vide" / "var").exists()


@pytest.mark.parametrize(
    "command", [["migrate"], ["serve", "--port", "1"], ["restore", "sauvegarde"], ["demo"]]
)
def test_a_database_out_of_reach_is_one_french_line_and_exit_2(tmp_path, command):
    run = _outside_the_repository(
        tmp_path, *command, DATABASE_URL="postgres://personne@127.0.0.1:1/absente"
    )
    assert run.returncode == 2
    [line] = run.stderr.splitlines()
    assert line.startswith("erreur : base de données injoignable : ")
    assert "Traceback" not in run.stdout + run.stderr


def test_the_data_directory_is_the_checkouts_var_only_inside_the_checkout(tmp_path, monkeypatch):
    monkeypatch.delenv("REFERENCEMENT_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    repository = repository_root()
    assert repository is not None
    assert data_dir(cwd=repository / "referencement") == repository / "var"
    assert data_dir(cwd=tmp_path) == tmp_path / "xdg" / "referencement"
    monkeypatch.setenv("REFERENCEMENT_HOME", str(tmp_path / "ici"))
    assert data_dir(cwd=repository) == tmp_path / "ici"


@pytest.mark.django_db
def test_info_prints_the_data_directory_database_and_catalogue_versions(
    catalogues, settings, capsys
):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"Dossier de données  : {settings.HOME}" in out
    assert f"Stockage            : fichiers locaux, {settings.EVIDENCE_ROOT}" in out
    assert "État de la base     : à jour" in out
    assert "Worker              : aucun signal de vie" in out
    assert re.search(
        r"^  MS-DUI-Va2 : version 1 du \d\d/\d\d/\d{4} \(MS-DUI-Va2.yaml\)$", out, re.M
    )


@pytest.mark.django_db
def test_an_unknown_dispositif_is_refused_with_the_valid_codes(catalogues, tmp_path, capsys):
    assert main(["export-rem", str(tmp_path / "x.csv"), "--dispositif", "MS-DUI"]) == 2
    assert capsys.readouterr().err == (
        "erreur : dispositif inconnu : MS-DUI (dispositifs : HOP-DPI-Va1, HOP-PFI-Va2, "
        "MDV-LGC-Va1-SF, MS-DUI-Va2, MS2-DUI-PDE-Va1-SF)\n"
    )


@pytest.mark.django_db
def test_an_unknown_profile_is_refused_with_the_valid_ones_and_nothing_written(
    catalogues, tmp_path, capsys
):
    out = tmp_path / "exports" / "pa.csv"
    assert main(["export-rem", str(out), "--dispositif", "MS-DUI-Va2", "--profile", "XX"]) == 2
    printed, err = capsys.readouterr()
    assert printed == ""
    assert err.startswith(
        "erreur : Profil inconnu pour le dispositif MS-DUI-Va2 : « XX » (profils : GENERAL, PA, "
    )
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "exports").exists()


@pytest.mark.django_db
def test_export_adds_the_mandatory_general_profile_and_creates_the_folder_001_3_1(
    catalogues, tmp_path, capsys
):
    out = tmp_path / "exports" / "2026" / "pa.csv"
    assert main(["export-rem", str(out), "--dispositif", "MS-DUI-Va2", "--profile", "PA"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Profil obligatoire ajouté : GENERAL (Général)."
    assert lines[1] == f"Dossier créé : {out.parent}"
    assert re.fullmatch(rf"\d+ exigences exportées dans {re.escape(str(out))}\.", lines[2])
    assert out.is_file()


@pytest.mark.django_db
def test_import_progress_is_plain_separate_lines_and_the_summary_a_sentence(
    catalogues, tmp_path, capsys
):
    rem = tmp_path / "rem.csv"
    assert main(["export-rem", str(rem), "--dispositif", "MS2-DUI-PDE-Va1-SF"]) == 0
    capsys.readouterr()
    assert main(["import-rem", str(rem), "--dispositif", "MS2-DUI-PDE-Va1-SF", "--dry-run"]) == 0
    out, err = capsys.readouterr()
    progress = err.splitlines()
    assert progress[-1] == "Application : 108/108"
    assert all(re.fullmatch(r"(Lecture|Application) : \d+/108", line) for line in progress)
    assert "(s)" not in out
    assert out.splitlines()[:3] == [
        "108 exigences lues (convergence).",
        "Simulation, rien n'a été appliqué ; l'import donnerait : aucune modification.",
        "Sans changement : 108 exigences inchangées.",
    ]


@pytest.mark.django_db
def test_catalogue_loads_summarise_what_they_did_in_french_sentences(capsys):
    assert main(["load-catalogues"]) == 0
    first = capsys.readouterr().out.splitlines()
    assert "MS-DUI-Va2 : catalogue chargé, 414 exigences créées." in first
    assert (
        "HOP-DPI-Va1 : catalogue chargé, sans exigence : elles viennent du REM de l'agence "
        "(« referencement import-rem »)."
    ) in first
    assert not [line for line in first if "modification" in line]
    assert main(["load-catalogues"]) == 0
    assert "MS-DUI-Va2 : fichier inchangé depuis le dernier chargement, rien à faire." in (
        capsys.readouterr().out.splitlines()
    )
    assert main(["load-catalogues", "--force"]) == 0
    assert "MS-DUI-Va2 : catalogue chargé, aucune modification." in (
        capsys.readouterr().out.splitlines()
    )
