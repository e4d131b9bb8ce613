"""Search-as-you-type lookups of the duty app (registered from DutyConfig.ready())."""
