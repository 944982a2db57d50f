ROWS = []


def build(ctx):
    pass
