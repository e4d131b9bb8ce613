"""Search-as-you-type lookups of the tasks app (registered from TasksConfig.ready())."""
