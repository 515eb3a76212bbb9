#!/bin/sh
echo 'ORK_OUTPUT:{"ok":true}'
