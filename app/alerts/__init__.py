"""Alerts: saved searches (config.yaml ``alerts:``) that fire once per new story they match.

``firing`` decides what fires, ``delivery`` runs a pass (fire, then deliver
what is due), ``webhook`` signs and POSTs one delivery behind the address
guard, ``feed`` renders an Atom alert's feed for ``aggregator serve``. The
daemon runs a pass on its own schedule (``app.daemon.alerts``);
``aggregator alerts deliver`` runs one by hand.
"""
