from porras.core import clock


def porras(request):
    return {"porras_today": clock.today()}
