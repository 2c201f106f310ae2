class USCIConverter:
    """`<usci:usci>` in URLs: an 18-character 统一社会信用代码, so `xxgk/apply/` never matches it."""

    regex = "[0-9A-HJ-NPQRTUWXY]{18}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
