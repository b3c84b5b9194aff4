"""Browser (Playwright + Chromium) tests of the running app."""
