"""The pages' template environment: ``item.label`` reads a dict's key first.

Views hand templates plain data (dicts and lists), and Jinja's ``a.b`` tries
the attribute first and the key only after an AttributeError; a results page
does that some five hundred times. Reading the key first gives the same value
for every key the data has, and falls back to Jinja's own lookup otherwise
(so ``result.page_urls.items()`` still finds the method).
"""

from flask.templating import Environment


class PageEnvironment(Environment):
    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)
