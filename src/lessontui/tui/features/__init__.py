"""Features of the main screen: one small typed object each, owned by MainScreen."""
