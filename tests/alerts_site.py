"""The site with email alerts for tests: a private copy of the demo index, served on 127.0.0.1 with mail on.

Each test gets its own index copy and alerts database, so what one adds or subscribes never reaches
another. Releases are added and edited through the real indexer.
"""

import json
import os
import re
import subprocess
import sys
import threading
from contextlib import contextmanager

from shared_index import close_engines, writable_copy
from werkzeug.serving import make_server

from index.stamps import write_release
from index.writer import build_index
from search.release import from_stored
from search.schema import open_existing
from search.store.writer import Writer
from webui import create_app

LINK = re.compile(r"https?://\S+")
# A release about water, for alerts that follow «agua».
WATER_RELEASE = {"id": "prueba-agua-nueva", "title": "Nueva planta potabilizadora <b>de agua</b> en Mixcoac",
                 "date": "2026-11-20", "source": "Alcaldía Benito Juárez", "url": "https://ejemplo.gob.mx/agua-mixcoac",
                 "body": "La alcaldía inauguró una planta potabilizadora de agua que abastecerá a 20 mil vecinos de "
                         "Mixcoac con agua limpia todos los días."}


@contextmanager
def live_site(index_dir, smtp_url):
    """The app over ``index_dir`` on a free port, sending mail through ``smtp_url``; yields its base URL."""
    app = create_app({"INDEX_DIR": str(index_dir), "SMTP_URL": smtp_url, "MAIL_FROM": "Hemeroteca <avisos@hemeroteca.test>"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        close_engines(app)


def copy_index(source, target):
    return writable_copy(source, target)


def add_releases(index_dir, folder, *records):
    """Index ``records`` (dicts as the JSON reader takes them) into ``index_dir``, as `hemeroteca index` does."""
    path = folder / f"nuevos-{len(list(folder.glob('nuevos-*.jsonl')))}.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    report = build_index(index_dir, [path])
    assert report.ok, report.failures


def withdraw(index_dir, release_id):
    """Mark a release withdrawn, as the site crawler does when its page answers 404."""
    ix = open_existing(index_dir)
    with ix.searcher() as searcher:
        release = from_stored(searcher.document(id=release_id))
    release.withdrawn = True
    writer = Writer(ix)
    write_release(writer, release)
    writer.commit()


def send_alerts(index_dir, smtp_url, base):
    """Run `hemeroteca alerts send` as cron would."""
    env = {**os.environ, "HEMEROTECA_SMTP_URL": smtp_url, "HEMEROTECA_BASE_URL": base,
           "HEMEROTECA_MAIL_FROM": "Hemeroteca <avisos@hemeroteca.test>"}
    return subprocess.run([sys.executable, "-m", "hemeroteca", "alerts", "send", "--index", str(index_dir)],
                          capture_output=True, text=True, timeout=120, env=env)


def link_after(text, words):
    """The first link after ``words`` in a plain-text email."""
    return LINK.search(text, text.index(words)).group(0)
