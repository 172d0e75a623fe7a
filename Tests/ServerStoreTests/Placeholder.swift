// History-search tests live here.
