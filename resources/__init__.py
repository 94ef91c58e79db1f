"""The app's stylesheets, icons, .desktop file and metainfo, installed as confbrowser.resources.

Data only: a package so that importlib.resources finds the folder in every kind of install
(see confbrowser.core.paths).
"""
