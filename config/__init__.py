"""Project configuration: settings, the root URLconf, WSGI/ASGI entry points and the
database router. The only package that names every app."""
