"""How often an alert writes: after each update of the index, once a day, or once a week."""

from datetime import datetime, timedelta

from search.params import QueryError

FREQUENCIES = {
    "immediate": "después de cada actualización",
    "daily": "una vez al día",
    "weekly": "una vez a la semana",
}
PERIODS = {"immediate": timedelta(0), "daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A timer that fires at the same hour each day finds yesterday's email a little under a day old.
SLACK = timedelta(hours=1)


def check_frequency(value):
    if value not in FREQUENCIES:
        raise QueryError(f"La frecuencia «{value}» no existe: use immediate (después de cada actualización), "
                         "daily (una vez al día) o weekly (una vez a la semana).")
    return value


def is_due(subscription, now):
    """Whether an alert may write now: always after an update, else when its period has passed."""
    period = PERIODS[subscription["frequency"]]
    if not period or not subscription["last_sent"]:
        return True
    return now - datetime.fromisoformat(subscription["last_sent"]) >= period - SLACK
