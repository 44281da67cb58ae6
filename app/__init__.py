"""The application: the aggregator command, the daemon, the web view, outgoing feeds and the demo.

It imports the layers below it (``aggregator`` core, ``storage``, ``spiders``)
and is imported by nothing.
"""
