"""Email alerts: anyone may follow a search and get what is new in it, by email, after confirming.

Subscriptions live in SQLite beside the index (:mod:`alerts.store`); what is new since each one's
last email comes from the one search engine of :mod:`search` (:mod:`alerts.digest`); mail goes out
through SMTP (:mod:`alerts.mail`). This package imports :mod:`search` and nothing else of ours, so
both the site and the command line use it.
"""
