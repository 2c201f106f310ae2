"""The demo catalogue's shared words. Each item area's module lists its county items as tuples:

(name, type code, department short name, legal basis, statutory limit, its unit, promised limit,
themes, audience p/l/pl, result name, fees [(name, standard, yuan, basis)], materials,
levels "p"/"c"/"pc", by_agent)

A township item (`township`) has neither a promised limit nor themes.
"""

# A fee: (name, standard, yuan or None when the standard says it in words, basis).
DemoFee = tuple[str, str, int | None, str]
# One item tuple, as above.
Template = tuple[
    str, str, str, str, int, str, int, str, str, str, list[DemoFee], list[str], str, bool
]

ID = "居民身份证"
