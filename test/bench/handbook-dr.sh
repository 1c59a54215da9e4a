#!/usr/bin/env bash
# The baseline for the benchmark: the handbook's DR lab built the plain way, one
# docker CLI command after another, as a person following the handbook would
# script it. Uses the project's node image ($1) and labels everything it creates
# (lvslab.lab=benchsh) so `down`-style cleanup finds it. Exits when the VIP has
# answered from both real servers.
set -euo pipefail
image=$1
lab=benchsh
net=lvslab-$lab-lan
vip=192.168.150.100

docker network create --label lvslab.lab=$lab \
  -o com.docker.network.bridge.enable_ip_masquerade=false \
  --subnet 192.168.150.0/24 --gateway 192.168.150.1 --ip-range 192.168.150.192/26 $net >/dev/null
for n in client:10 node01:11 node02:12 node03:13; do
  name=${n%%:*} ip=192.168.150.${n##*:}
  docker run -d --privileged --name lvslab-$lab-$name --hostname $name --network $net --ip $ip \
    --label lvslab.lab=$lab --label lvslab.node=$name "$image" >/dev/null
done
for rs in node02 node03; do
  c=lvslab-$lab-$rs
  docker exec $c sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 \
    net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2 >/dev/null
  docker exec $c ip addr add $vip/32 dev lo label lo:0
  docker exec $c sh -c 'hostname > /var/www/html/index.html'
  docker exec $c apachectl start
done
d=lvslab-$lab-node01
docker exec $d ip addr add $vip/24 dev eth0
docker exec $d ipvsadm -A -t $vip:80 -s rr
docker exec $d ipvsadm -a -t $vip:80 -r 192.168.150.12:80 -g -w 1
docker exec $d ipvsadm -a -t $vip:80 -r 192.168.150.13:80 -g -w 1
# The first balanced response: both real servers have answered through the VIP.
seen=""
for _ in $(seq 1 100); do
  seen="$seen $(docker exec lvslab-$lab-client curl -s -m 2 -H 'Connection: close' http://$vip/ || true)"
  case $seen in *node02*node03*|*node03*node02*) exit 0 ;; esac
done
echo "the VIP never answered from both real servers: $seen" >&2
exit 1
