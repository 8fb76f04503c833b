"""``hemeroteca alerts``: sending the alerts' emails, from cron or a systemd timer after ``update``."""

import sys
from pathlib import Path

import click

from . import spanish

from search.schema import IndexNotFoundError, default_index_dir

from alerts.links import BaseUrlError, check_base_url
from alerts.mail import MailError, Mailer, default_sender


@click.group("alerts", cls=spanish.SpanishGroup)
def alerts_group():
    """Avisos por correo de búsquedas guardadas."""


@alerts_group.command("send")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
              show_default="$HEMEROTECA_INDEX o ~/.local/share/hemeroteca/index", help="Carpeta del índice.")
@click.option("--smtp-url", envvar="HEMEROTECA_SMTP_URL", metavar="URL",
              help="Servidor de correo, p. ej. smtp://usuario:clave@servidor:587 ($HEMEROTECA_SMTP_URL).")
@click.option("--mail-from", envvar="HEMEROTECA_MAIL_FROM", metavar="REMITENTE",
              help="Remitente, p. ej. «Hemeroteca <avisos@ejemplo.mx>» ($HEMEROTECA_MAIL_FROM).")
@click.option("--base-url", envvar="HEMEROTECA_BASE_URL", metavar="URL",
              help="Dirección pública del sitio, para los enlaces ($HEMEROTECA_BASE_URL).")
def send_command(index_dir, smtp_url, mail_from, base_url):
    """Envía a cada aviso confirmado lo nuevo desde su último correo.

    Se puede repetir sin riesgo: lo ya enviado no se envía otra vez y, si algo
    falla a medias, la siguiente ejecución envía lo que faltó. Sale con código 1
    si algún correo no se pudo enviar.

    Ejemplo (después de «hemeroteca update»):

        hemeroteca alerts send --index ./indice
    """
    from search.engine import Engine

    from alerts.digest import send_alerts
    from alerts.store import Store, store_path

    index_dir = index_dir or default_index_dir()
    if not smtp_url:
        raise click.ClickException("Falta el servidor de correo: use --smtp-url o HEMEROTECA_SMTP_URL.")
    try:
        base = check_base_url(base_url)
        mailer = Mailer(smtp_url, mail_from or default_sender(base))
        engine = Engine.open(index_dir, cache_size=0)
    except (BaseUrlError, MailError, IndexNotFoundError) as exc:
        raise click.ClickException(str(exc))
    try:
        with Store(store_path(index_dir)) as store:
            report = send_alerts(store, engine, index_dir, mailer, base)
    except MailError as exc:
        raise click.ClickException(f"{exc} Lo no enviado se enviará en la siguiente ejecución.")
    finally:
        engine.close()
    click.echo(f"Enviados: {report.sent} correos ({report.alerts} de avisos).")
    for subscription_id, reason in report.failures:
        click.echo(f"ERROR aviso {subscription_id}: {reason}", err=True)
    if report.refused:
        click.echo(f"El servidor rechazó {report.refused} correos; se intentarán de nuevo.", err=True)
    sys.exit(0 if report.ok else 1)
