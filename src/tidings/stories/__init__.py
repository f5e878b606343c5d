"""Stories: articles about one happening, grouped, ranked and digested."""
