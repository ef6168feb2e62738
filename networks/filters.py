from networks.models import Network
from portal.filters import PublicListFilter


class NetworkFilter(PublicListFilter):
    class Meta(PublicListFilter.Meta):
        model = Network
        fields = []
