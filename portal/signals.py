from . import chrome
from .models import Link, LinkGroup, NavItem, SiteSettings

for model in (SiteSettings, NavItem, LinkGroup, Link):
    chrome.watch(model)
