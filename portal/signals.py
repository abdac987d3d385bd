from . import audit, chrome  # noqa: F401 (audit connects the sign-in receivers)
from .models import Link, LinkGroup, NavItem, SiteSettings

for model in (SiteSettings, NavItem, LinkGroup, Link):
    chrome.watch(model)
