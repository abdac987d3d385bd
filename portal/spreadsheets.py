"""Export formats (django-import-export) whose cells a spreadsheet never runs as formulas.

django-import-export only drops a leading "=" (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT);
spreadsheets also run cells that start with +, -, @, a tab or a carriage return (OWASP
"CSV injection"), so those get a leading apostrophe, which marks a cell as text.
"""

from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _FormulaSafe:
    def _escape_formulae(self, dataset):
        # The library calls this from export_data() when the setting is on; it is on.
        for _row in range(len(dataset)):
            dataset.append([as_text(cell) for cell in dataset.lpop()])


class CSV(_FormulaSafe, base_formats.CSV):
    pass


class XLSX(_FormulaSafe, base_formats.XLSX):
    pass
