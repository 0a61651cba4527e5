import warnings

import requests
import urllib3

# ruleid: python-urllib3-warnings-disabled
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
# ruleid: python-urllib3-warnings-disabled
requests.packages.urllib3.disable_warnings()
# ruleid: python-urllib3-warnings-disabled
warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)


def get(url):
    return requests.get(url, verify=False)


# ok: python-urllib3-warnings-disabled
warnings.simplefilter("ignore", DeprecationWarning)
# ok: python-urllib3-warnings-disabled
warnings.filterwarnings("ignore", category=UserWarning)
# ok: python-urllib3-warnings-disabled
urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
