"""The demo catalogue's shared words. Each item area's module lists its county items as tuples:

(name, type code, department short name, legal basis, statutory limit, its unit, promised limit,
themes, audience p/l/pl, result name, fees [(name, standard, yuan, basis)], materials,
levels "p"/"c"/"pc", by_agent)

A township item (`township`) has neither a promised limit nor themes.
"""

ID = "居民身份证"
