"""The default grids shipped as XLSForm files, and the data they are built from."""
