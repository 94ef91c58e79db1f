"""The sample notes shipped with confbrowser, installed as confbrowser.seeds.

Data only: a package so that importlib.resources finds the folder in every kind of install
(see confbrowser.core.paths). The notes scan skips this file (core/library.py).
"""
