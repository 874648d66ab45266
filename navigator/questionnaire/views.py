def start():
    return "todo"


def plan():
    return "todo"
