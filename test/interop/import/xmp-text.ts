/** XMP sidecars as digiKam, Lightroom and Windows Photo Gallery lay them out, written as text so the layout is theirs. */

export interface MwgArea {
  name?: string;
  type?: string;
  /** Centre and size, normalised, as MWG writes them. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MpRectangle {
  name?: string;
  /** "x, y, w, h": top-left corner and size, normalised. */
  rectangle: string;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function xmpPacket(parts: { mwg?: { applied?: { w: number; h: number }; regions: MwgArea[] }; mp?: MpRectangle[]; tagsList?: string[] }): string {
  const body: string[] = [];
  if (parts.tagsList) {
    body.push('   <digiKam:TagsList>', '    <rdf:Seq>', ...parts.tagsList.map((t) => `     <rdf:li>${escape(t)}</rdf:li>`), '    </rdf:Seq>', '   </digiKam:TagsList>');
  }
  if (parts.mwg) {
    body.push('   <mwg-rs:Regions rdf:parseType="Resource">');
    if (parts.mwg.applied) body.push(`    <mwg-rs:AppliedToDimensions stDim:w="${parts.mwg.applied.w}" stDim:h="${parts.mwg.applied.h}" stDim:unit="pixel"/>`);
    body.push('    <mwg-rs:RegionList>', '     <rdf:Bag>');
    for (const r of parts.mwg.regions) {
      const attrs = [r.name === undefined ? '' : ` mwg-rs:Name="${escape(r.name)}"`, ` mwg-rs:Type="${r.type ?? 'Face'}"`].join('');
      body.push('      <rdf:li>', `       <rdf:Description${attrs}>`);
      body.push(`        <mwg-rs:Area stArea:x="${r.x}" stArea:y="${r.y}" stArea:w="${r.w}" stArea:h="${r.h}" stArea:unit="normalized"/>`);
      body.push('       </rdf:Description>', '      </rdf:li>');
    }
    body.push('     </rdf:Bag>', '    </mwg-rs:RegionList>', '   </mwg-rs:Regions>');
  }
  if (parts.mp) {
    body.push('   <MP:RegionInfo rdf:parseType="Resource">', '    <MPRI:Regions>', '     <rdf:Bag>');
    for (const r of parts.mp) {
      body.push('      <rdf:li rdf:parseType="Resource">', `       <MPReg:Rectangle>${r.rectangle}</MPReg:Rectangle>`);
      if (r.name !== undefined) body.push(`       <MPReg:PersonDisplayName>${escape(r.name)}</MPReg:PersonDisplayName>`);
      body.push('      </rdf:li>');
    }
    body.push('     </rdf:Bag>', '    </MPRI:Regions>', '   </MP:RegionInfo>');
  }
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:digiKam="http://www.digikam.org/ns/1.0/"',
    '    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"',
    '    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"',
    '    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"',
    '    xmlns:MP="http://ns.microsoft.com/photo/1.2/"',
    '    xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"',
    '    xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">',
    ...body,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
    '',
  ].join('\n');
}
