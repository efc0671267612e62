from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import kecamatan_get, kecamatan_list


@login_required
def kecamatan_index(request: HttpRequest) -> HttpResponse:
    return render(request, "kecamatan/list.html", {"kecamatan_list": kecamatan_list(user=request.user)})


@login_required
def kecamatan_detail(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    feature = None
    if kecamatan.boundary_simplified:
        feature = {
            "type": "Feature",
            "geometry": kecamatan.boundary_simplified,
            "properties": {"name": kecamatan.name, "code": kecamatan.code},
        }
    return render(request, "kecamatan/detail.html", {"kecamatan": kecamatan, "feature": feature})
