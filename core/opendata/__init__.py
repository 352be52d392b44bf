"""Open data: ``/opendata/``, its DCAT-AP catalogue and what the apps' downloads share.

Each app publishes its own data (``<app>/opendata.py``: its rows, its download
views and URLs, its ``core.registry.Dataset`` registered in ``AppConfig.ready()``);
this package describes whatever is registered (docs/architecture.md, "Open data").
"""
