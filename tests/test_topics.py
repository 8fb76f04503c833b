"""Topics: what a release is about, not every topic whose word appears once."""

from index.topics import Taxonomy


def test_a_release_gets_its_subject_not_a_word_seen_in_passing():
    taxonomy = Taxonomy.load()
    title = "Corren 30 mil atletas el Maratón de la Ciudad de México"
    body = ("Con la participación de 30 mil corredores se realizó el maratón. El director del instituto del deporte "
            "destacó a los atletas y entrenadores del torneo. Pese al pronóstico de lluvias, el clima fue fresco; "
            "los servicios médicos atendieron a 80 corredores.")
    assert taxonomy.classify(title, body) == ["Deporte"]


def test_a_release_about_two_things_gets_both():
    taxonomy = Taxonomy.load()
    title = "Saldo blanco en la Noche de Museos"
    body = ("El festival cultural reunió a 85 mil personas en museos, conciertos y exposiciones de artistas. "
            "La policía desplegó mil elementos en operativos de seguridad; fue detenido un hombre por robo y se "
            "atendieron denuncias de delitos menores.")
    assert set(taxonomy.classify(title, body)) == {"Cultura", "Seguridad"}


def test_a_release_about_nothing_in_the_taxonomy_gets_no_topic():
    taxonomy = Taxonomy.load()
    assert taxonomy.classify("Invita León a las bodas colectivas", "Las parejas podrán casarse sin costo el 14 de febrero.") == []


def test_a_malformed_taxonomy_names_the_file_and_topic(tmp_path):
    path = tmp_path / "temas.toml"
    path.write_text('[salud]\nlabel = "Salud"\n', encoding="utf-8")
    try:
        Taxonomy.load(path)
    except ValueError as exc:
        assert "temas.toml" in str(exc) and "salud" in str(exc)
    else:
        raise AssertionError("a taxonomy without terms must be refused")
