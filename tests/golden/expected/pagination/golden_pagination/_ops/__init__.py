"""Operation groups of the client, one module each, loaded when first used."""
