"""Synthetic data at national scale (``manage.py generate_scale_data``).

Everything generated is marked: municipalities and projects carry
``is_example=True`` and slugs starting with ``synth-``, users have addresses
under ``synthetic.invalid``. Rows go in with PostgreSQL COPY, ids are assigned
here so related rows can point at each other without reading anything back.
"""
