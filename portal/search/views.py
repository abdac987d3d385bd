from django.shortcuts import render


def search(request):
    # Placeholder until the search issue lands: shows the query back, escaped.
    query = request.GET.get("q", "").replace("\x00", "")[:100]
    return render(request, "search/results.html", {"query": query})
