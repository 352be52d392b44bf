"""Topics of the members app in the one cache policy (``core.cache``).

Other apps' cached entries that show municipalities (names, links, AGS) or
who belongs to which municipality depend on these; members' services raise
them, so members knows nothing of the entries.
"""

MUNICIPALITIES = "municipalities"
PEOPLE = "people"
