/**
 * Who this node is: one {@link io.kedge.api.node.NodeIdentity} service offers the node's name, its
 * data folder and its TLS material, so every module that talks to the cloud, serves TLS or keeps
 * files uses the same identity. {@link io.kedge.api.node.NodeIdentityListener}s hear of a new
 * certificate; {@link io.kedge.api.node.NodeDataDirectory} is the data folder's rule for bundles
 * that must run without the identity service.
 */
@Export
@Version("1.0.0")
package io.kedge.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
