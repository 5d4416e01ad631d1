"""Signing, verifying and importing plan PDFs against this database, and importing and
settling the answers of review copies: one Qt-free workflow that the command line and
the window both call, so both judge alike."""
