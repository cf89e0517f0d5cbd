#!/bin/bash
# run cy.ts against the M graph
cp /tmp/lead-neo4j-port /tmp/lead-neo4j-port.bak
cp /tmp/lead-m-port /tmp/lead-neo4j-port
node --import tsx scratch/cy.ts "$@"
cp /tmp/lead-neo4j-port.bak /tmp/lead-neo4j-port
