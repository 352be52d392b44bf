"""``make attacks``: the attacks of issue 11 against the portal on production
settings (gunicorn with 2 workers, PostgreSQL, Redis), each as a hostile
member or an anonymous client would make it; see README › Sicherheit."""
