#!/bin/bash
# ruleid: bash-tls-verification-disabled
curl -k https://internal.example.com/api/health
# ruleid: bash-tls-verification-disabled
curl -fsSLk -o tool.tar.gz https://downloads.example.com/tool.tar.gz
# ruleid: bash-tls-verification-disabled
curl --insecure -X POST -d @payload.json https://10.0.0.5:8443/v1/items
# ruleid: bash-tls-verification-disabled
wget --no-check-certificate https://mirror.example.org/pkg.deb
# ruleid: bash-tls-verification-disabled
git -c http.sslVerify=false clone https://git.internal/repo.git
# ruleid: bash-tls-verification-disabled
export GIT_SSL_NO_VERIFY=1
# ruleid: bash-tls-verification-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=0
# ruleid: bash-tls-verification-disabled
pip install --trusted-host pypi.internal -i http://pypi.internal/simple mypkg
# ruleid: bash-tls-verification-disabled
npm config set strict-ssl false

# ok: bash-tls-verification-disabled
curl -fsSL https://internal.example.com/api/health
# ok: bash-tls-verification-disabled
curl --cacert /etc/ssl/internal-ca.pem https://internal.example.com/api/health
# ok: bash-tls-verification-disabled
curl -s -K config.txt https://example.com
# ok: bash-tls-verification-disabled
wget -q https://mirror.example.org/pkg.deb
# ok: bash-tls-verification-disabled
git clone https://github.com/org/repo.git
# ok: bash-tls-verification-disabled
kubectl get pods -k ./overlays/dev
