"""Engine adapters at the edge: thin MkDocs/ProperDocs plugins that feed the core's pages and the
linking extension into a build. A new engine gets a module here; the core does not change.
"""
